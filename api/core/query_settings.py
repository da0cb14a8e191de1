"""PostgreSQL settings for the statements of one heavy read.

`SET LOCAL` has no effect outside a transaction, and read requests run in autocommit:
the settings are set on the connection for the statements inside and reset after.
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession


def reads_in_autocommit(session: AsyncSession) -> bool:
    """Whether the session reads through a PostgreSQL engine in autocommit, as read
    requests do (a session bound to one connection is a script's or a test's transaction)."""
    bind = session.bind
    if not isinstance(bind, AsyncEngine) or bind.dialect.name != "postgresql":
        return False
    return bind.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


@asynccontextmanager
async def query_settings(session: AsyncSession, settings: Mapping[str, str]) -> AsyncIterator[None]:
    if session.get_bind().dialect.name != "postgresql" or not settings:
        yield
        return
    for name, value in settings.items():
        await session.execute(
            text("SELECT set_config(:name, :value, false)"), {"name": name, "value": value}
        )
    try:
        yield
    except BaseException:
        # A transaction's rollback undoes them; an autocommit connection would keep them.
        if reads_in_autocommit(session):
            await _reset(session, settings)
        raise
    await _reset(session, settings)


async def _reset(session: AsyncSession, settings: Mapping[str, str]) -> None:
    for name in settings:
        await session.execute(text(f"RESET {name}"))
