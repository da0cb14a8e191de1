"""Accounts made from the command line: the first administrator and API clients."""

import uuid

from sqlalchemy import func, select

from api.auth.accounts import create_client, create_user, update_user
from api.auth.models import User
from api.auth.roles import Role
from api.auth.schemas import ApiClientCreate, UserCreate, UserUpdate
from api.auth.secrets import SecretHashing, new_password
from api.core.db import create_database, create_engine
from api.core.events import flush_events, set_actor


async def create_admin(
    database_url: str, email: str, display_name: str, password: str
) -> uuid.UUID:
    database = create_database(create_engine(database_url))
    try:
        async with database.sessionmaker() as session:
            set_actor(session, "cli:create-admin")
            data = UserCreate(
                email=email, display_name=display_name, password=password, role=Role.admin
            )
            user = await create_user(session, data, SecretHashing(1))
            await flush_events(session)
            await session.commit()
            return user.id
    finally:
        await database.engine.dispose()


async def create_api_client(database_url: str, data: ApiClientCreate) -> tuple[str, str]:
    database = create_database(create_engine(database_url))
    try:
        async with database.sessionmaker() as session:
            set_actor(session, "cli:create-client")
            client, secret = await create_client(
                session, data, "cli:create-client", SecretHashing(1)
            )
            await flush_events(session)
            await session.commit()
            return client.client_id, secret
    finally:
        await database.engine.dispose()


async def has_users(database_url: str) -> bool:
    database = create_database(create_engine(database_url))
    try:
        async with database.sessionmaker() as session:
            return bool(await session.scalar(select(func.count()).select_from(User)))
    finally:
        await database.engine.dispose()


async def reset_password(database_url: str, email: str) -> str | None:
    """Give a user a new random password and sign them out everywhere; None when no
    user has that email. The password is returned to be shown once, never stored."""
    database = create_database(create_engine(database_url))
    try:
        async with database.sessionmaker() as session:
            set_actor(session, "cli:reset-password")
            user = await session.scalar(select(User).where(User.email == email.strip().lower()))
            if user is None:
                return None
            password = new_password()
            await update_user(session, user, UserUpdate(password=password), SecretHashing(1))
            await flush_events(session)
            await session.commit()
            return password
    finally:
        await database.engine.dispose()
