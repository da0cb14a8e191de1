"""Independent heavy reads of one request, run at once on their own connections.

A read request on PostgreSQL runs in autocommit, where every statement takes its own
snapshot: reads that share nothing lose no consistency by running side by side, and the
server spreads them over its cores. Inside a transaction (a write request, a script's
session) they run one after another on that session, which alone sees its own rows.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.query_settings import query_settings, reads_in_autocommit

Read = Callable[[AsyncSession], Awaitable[Any]]


async def read_side_by_side(
    session: AsyncSession, reads: Sequence[Read], settings: Mapping[str, str]
) -> list[Any]:
    """Each read's answer, in order; the first runs on `session`, the others on their own
    connections of the same engine, all under the same statement settings."""
    if not reads_in_autocommit(session) or session.new or session.dirty or session.deleted:
        async with query_settings(session, settings):
            return [await read(session) for read in reads]

    async def on_own_connection(read: Read) -> Any:
        async with AsyncSession(session.bind) as own, query_settings(own, settings):
            return await read(own)

    async def on_session(read: Read) -> Any:
        async with query_settings(session, settings):
            return await read(session)

    first, *others = reads
    return list(
        await asyncio.gather(on_session(first), *(on_own_connection(read) for read in others))
    )
