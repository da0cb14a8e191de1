"""Sign in as any role without the slow password hash on every test."""

import functools
import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.grants import issue_refresh
from api.auth.models import User
from api.auth.roles import Role
from api.auth.secrets import default_hasher
from api.auth.tokens import issue_access_token
from api.settings import DEVELOPMENT_SIGNING_KEY

TEST_PASSWORD = "correct horse battery staple"


@functools.cache
def test_password_hash() -> str:
    return default_hasher().hash(TEST_PASSWORD)


async def make_user(
    session: AsyncSession,
    role: Role = Role.admin,
    *,
    district_ids: Iterable[uuid.UUID] = (),
    school_ids: Iterable[uuid.UUID] = (),
    partner_id: uuid.UUID | None = None,
    email: str | None = None,
) -> User:
    user = User(
        email=email or f"{role.value}-{uuid.uuid4().hex[:8]}@example.org",
        display_name=f"Test {role.value}",
        password_hash=test_password_hash(),
        role=role.value,
        district_ids=[str(i) for i in district_ids],
        school_ids=[str(i) for i in school_ids],
        partner_id=partner_id,
    )
    session.add(user)
    await session.flush()
    return user


async def bearer_for(session: AsyncSession, user: User) -> dict[str, str]:
    issued = await issue_refresh(session, user.id, days=1)
    token = issue_access_token(DEVELOPMENT_SIGNING_KEY, "user", user.id, 15, issued.family_id)
    return {"Authorization": f"Bearer {token}"}


async def sign_in_as(
    session: AsyncSession, role: Role = Role.admin, **grant: object
) -> dict[str, str]:
    return await bearer_for(session, await make_user(session, role, **grant))  # type: ignore[arg-type]
