"""Users and API clients: created, changed and revoked by administrators."""

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiClient, RefreshToken, User
from api.auth.schemas import ApiClientCreate, GrantRequest, UserCreate, UserUpdate
from api.auth.secrets import SecretHashing, new_client_id, new_client_secret
from api.core.crud import create_record, get_record, update_record
from api.core.db import utcnow
from api.core.errors import Conflict, Unprocessable
from api.directory.models import District, Person, School
from api.partners.models import Partner


async def _check_grant(
    session: AsyncSession, grant: GrantRequest, person_id: uuid.UUID | None = None
) -> None:
    """Every record a grant or an account names exists, so a wrong id is a 422 naming
    its field (a grant's ids are lists, or another area's, held without foreign keys)."""
    errors = []
    references: list[tuple[str, Any, list[uuid.UUID]]] = [
        ("district_ids", District, grant.district_ids),
        ("school_ids", School, grant.school_ids),
        ("partner_id", Partner, [grant.partner_id] if grant.partner_id else []),
        ("person_id", Person, [person_id] if person_id else []),
    ]
    for field, model, ids in references:
        if ids:
            found = set(await session.scalars(select(model.id).where(model.id.in_(ids))))
            errors += [
                {"loc": ["body", field], "msg": f"no such record: {missing}", "type": "reference"}
                for missing in set(ids) - found
            ]
    if errors:
        raise Unprocessable("The request names records that do not exist.", errors=errors)


def _grant_values(grant: GrantRequest) -> dict[str, Any]:
    return {
        "role": grant.role.value,
        "district_ids": [str(i) for i in grant.district_ids],
        "school_ids": [str(i) for i in grant.school_ids],
        "partner_id": grant.partner_id,
    }


async def create_user(session: AsyncSession, data: UserCreate, hashing: SecretHashing) -> User:
    await _check_grant(session, data, data.person_id)
    email = data.email.lower()
    if await session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(f"A user with email {email} exists.")
    user = User(
        email=email,
        display_name=data.display_name,
        password_hash=await hashing.hash(data.password),
        person_id=data.person_id,
        **_grant_values(data),
    )
    return await create_record(session, user, "users")


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    return await get_record(session, User, user_id)


async def update_user(
    session: AsyncSession, user: User, patch: UserUpdate, hashing: SecretHashing
) -> bool:
    changes = patch.changes()
    current = {
        "role": user.role,
        "district_ids": user.district_ids,
        "school_ids": user.school_ids,
        "partner_id": user.partner_id,
    }
    grant = GrantRequest.model_validate(
        current | {k: v for k, v in changes.items() if k in current}
    )
    await _check_grant(session, grant, changes.get("person_id"))
    values: dict[str, Any] = {
        k: v for k, v in changes.items() if k not in current and k != "password"
    }
    values |= {k: v for k, v in _grant_values(grant).items() if k in changes}
    if "password" in changes:
        values["password_hash"] = await hashing.hash(changes["password"])
    if changes.get("is_active") is False or "password" in changes:
        await _sign_out_everywhere(session, user.id)
    return await update_record(session, user, values, "users")


async def _sign_out_everywhere(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def create_client(
    session: AsyncSession, data: ApiClientCreate, created_by: str, hashing: SecretHashing
) -> tuple[ApiClient, str]:
    await _check_grant(session, data)
    secret = new_client_secret()
    client = ApiClient(
        name=data.name,
        client_id=new_client_id(),
        secret_hash=await hashing.hash(secret),
        created_by=created_by,
        **_grant_values(data),
    )
    return await create_record(session, client, "api_clients"), secret


async def get_client(session: AsyncSession, client_id: uuid.UUID) -> ApiClient:
    return await get_record(session, ApiClient, client_id)


async def rotate_client_secret(
    session: AsyncSession, client: ApiClient, hashing: SecretHashing
) -> str:
    if client.revoked_at is not None:
        raise Conflict("The client is revoked; create a new one.")
    secret = new_client_secret()
    secret_hash = await hashing.hash(secret)
    await update_record(session, client, {"secret_hash": secret_hash}, "api_clients")
    return secret


async def revoke_client(session: AsyncSession, client: ApiClient) -> None:
    if client.revoked_at is None:
        await update_record(session, client, {"revoked_at": utcnow()}, "api_clients")
