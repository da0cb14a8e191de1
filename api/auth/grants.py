"""The OAuth2 grants: password and refresh token for people, client credentials for systems."""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiClient, RefreshToken, User
from api.auth.secrets import SecretHashing, digest, new_refresh_token
from api.core.db import utcnow
from api.core.errors import Problem


class OAuthError(Problem):
    """RFC 6749 error members (`error`, `error_description`) inside a problem document."""

    status, slug, title = 400, "oauth-error", "Token request refused"

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        headers = {"WWW-Authenticate": 'Basic realm="trellis"'} if status == 401 else None
        super().__init__(description, headers=headers, error=error, error_description=description)
        self.status = status


def invalid_grant() -> OAuthError:
    return OAuthError(
        "invalid_grant", "The email or password is wrong, or the token is no longer valid."
    )


def invalid_client() -> OAuthError:
    return OAuthError("invalid_client", "Unknown or revoked client, or wrong secret.", status=401)


@dataclass(frozen=True)
class IssuedRefresh:
    token: str
    family_id: uuid.UUID


async def authenticate_user(
    session: AsyncSession, email: str, password: str, hashing: SecretHashing
) -> User | None:
    user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    valid = await hashing.verify(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user


async def authenticate_client(
    session: AsyncSession, client_id: str, secret: str, hashing: SecretHashing
) -> ApiClient:
    client = await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    valid = await hashing.verify(secret, client.secret_hash if client else None)
    if client is None or not valid or client.revoked_at is not None:
        raise invalid_client()
    client.last_used_at = utcnow()
    return client


async def issue_refresh(
    session: AsyncSession, user_id: uuid.UUID, days: int, family_id: uuid.UUID | None = None
) -> IssuedRefresh:
    token = new_refresh_token()
    family = family_id or uuid.uuid4()
    session.add(
        RefreshToken(
            token_hash=digest(token),
            family_id=family,
            user_id=user_id,
            expires_at=utcnow() + dt.timedelta(days=days),
        )
    )
    await session.flush()
    return IssuedRefresh(token, family)


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def rotate_refresh(session: AsyncSession, token: str) -> RefreshToken:
    """Spend a refresh token once; spending it twice revokes its whole family."""
    stored = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == digest(token))
    )
    if stored is None or stored.revoked_at is not None or stored.expires_at <= utcnow():
        raise invalid_grant()
    spent = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == stored.id, RefreshToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if spent.rowcount == 0:  # type: ignore[attr-defined]
        await revoke_family(session, stored.family_id)
        raise ReusedRefreshToken
    return stored


class ReusedRefreshToken(Exception):
    pass
