"""Running an import's writes so that a dry run leaves nothing behind.

The import runs in a savepoint of the caller's transaction: a dry run rolls it back
(with the feed events it queued), and so does a failure, so the caller's own writes
before the import stay as they were either way.
"""

import copy
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import PENDING_EVENTS

T = TypeVar("T")


async def run_writes(
    session: AsyncSession, work: Callable[[], Awaitable[T]], *, dry_run: bool
) -> T:
    # Copies: an import may place a person's queued creation event somewhere new.
    queued = [copy.copy(event) for event in session.info.get(PENDING_EVENTS, [])]
    savepoint = await session.begin_nested()
    try:
        result = await work()
    except BaseException:
        await savepoint.rollback()
        session.info[PENDING_EVENTS] = queued
        raise
    if dry_run:
        await savepoint.rollback()
        session.info[PENDING_EVENTS] = queued
    else:
        await savepoint.commit()
    return result
