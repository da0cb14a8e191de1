"""Turn a bearer token into the caller: who they are, their role and their scope."""

import uuid
from dataclasses import dataclass

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

    @property
    def actor(self) -> str:
        return f"{self.kind}:{self.id}"


def user_principal(user: User, session_id: uuid.UUID | None = None) -> Principal:
    role = Role(user.role)
    scope = scope_for(role, user.district_ids, user.school_ids, user.partner_id)
    return Principal("user", user.id, user.display_name, role, scope, session_id, user.person_id)


def client_principal(client: ApiClient) -> Principal:
    role = Role(client.role)
    scope = scope_for(role, client.district_ids, client.school_ids, client.partner_id)
    return Principal("client", client.id, client.name, role, scope)


async def load_principal(session: AsyncSession, claims: AccessClaims) -> Principal | None:
    """One query: the account must still be active and, for people, the sign-in not revoked."""
    if claims.kind == "client":
        client = await session.scalar(
            select(ApiClient).where(
                ApiClient.id == claims.subject_id, ApiClient.revoked_at.is_(None)
            )
        )
        return client_principal(client) if client else None
    signed_in = exists().where(
        RefreshToken.family_id == claims.session_id, RefreshToken.revoked_at.is_(None)
    )
    user = await session.scalar(
        select(User).where(User.id == claims.subject_id, User.is_active.is_(True), signed_in)
    )
    return user_principal(user, claims.session_id) if user else None
