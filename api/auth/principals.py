"""Turn a bearer token into the caller: who they are, their role and their scope."""

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiClient, RefreshToken, User
from api.auth.roles import Role, scope_for
from api.auth.tokens import AccessClaims
from api.core.scope import Scope


@dataclass(frozen=True)
class Principal:
    kind: str
    id: uuid.UUID
    name: str
    role: Role
    scope: Scope
    session_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    email: str | None = None  # users only: API clients sign in without one

    @property
    def actor(self) -> str:
        return f"{self.kind}:{self.id}"


_USER_COLUMNS = (
    User.id,
    User.display_name,
    User.email,
    User.role,
    User.district_ids,
    User.school_ids,
    User.partner_id,
    User.person_id,
)
_CLIENT_COLUMNS = (
    ApiClient.id,
    ApiClient.name,
    ApiClient.role,
    ApiClient.district_ids,
    ApiClient.school_ids,
    ApiClient.partner_id,
)


async def load_principal(session: AsyncSession, claims: AccessClaims) -> Principal | None:
    """One query on every request, so revoking a client or a sign-in takes effect at once.

    Core columns rather than ORM objects: this runs before every handler.
    """
    if claims.kind == "client":
        row = (
            await session.execute(
                select(*_CLIENT_COLUMNS).where(
                    ApiClient.id == claims.subject_id, ApiClient.revoked_at.is_(None)
                )
            )
        ).first()
        if row is None:
            return None
        role = Role(row.role)
        scope = scope_for(role, row.district_ids, row.school_ids, row.partner_id)
        return Principal("client", row.id, row.name, role, scope)
    signed_in = exists().where(
        RefreshToken.family_id == claims.session_id, RefreshToken.revoked_at.is_(None)
    )
    user = (
        await session.execute(
            select(*_USER_COLUMNS).where(
                User.id == claims.subject_id, User.is_active.is_(True), signed_in
            )
        )
    ).first()
    if user is None:
        return None
    role = Role(user.role)
    scope = replace(
        scope_for(role, user.district_ids, user.school_ids, user.partner_id),
        person_id=user.person_id,
    )
    return Principal(
        "user",
        user.id,
        user.display_name,
        role,
        scope,
        claims.session_id,
        user.person_id,
        user.email,
    )
