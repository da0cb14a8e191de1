"""Alembic runs on the app's async engine; SQLite gets batch mode for ALTERs."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from api.core.db import create_engine
from api.models import metadata
from api.settings import get_settings, to_async_url


def database_url() -> str:
    configured = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    return to_async_url(configured or get_settings().database_url)


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_engine(database_url())
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `trellis migrate`.")
asyncio.run(run_online())
