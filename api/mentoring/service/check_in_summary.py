"""What a match keeps of its check-ins: how many, the first and last dates, and the
longest gap between consecutive ones, rewritten whenever its check-ins change."""

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import asdict, dataclass

from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.day_spans import days_between
from api.mentoring.models import CheckIn, Match


@dataclass(frozen=True)
class CheckInSummary:
    check_in_count: int = 0
    first_check_in_on: dt.date | None = None
    last_check_in_on: dt.date | None = None
    longest_check_in_gap: int | None = None


async def summaries_of(
    session: AsyncSession, match_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, CheckInSummary]:
    """Each match's summary, read from its check-ins (an empty one when it has none)."""
    previous = func.lag(CheckIn.held_on).over(
        partition_by=CheckIn.match_id, order_by=CheckIn.held_on
    )
    gaps = (
        select(
            CheckIn.match_id,
            CheckIn.held_on,
            days_between(CheckIn.held_on, previous).label("gap"),
        )
        .where(CheckIn.match_id.in_(match_ids))
        .subquery("gaps")
    )
    stmt = select(
        gaps.c.match_id,
        func.count(),
        func.min(gaps.c.held_on),
        func.max(gaps.c.held_on),
        func.max(gaps.c.gap),
    ).group_by(gaps.c.match_id)
    found = {
        match_id: CheckInSummary(int(n), first, last, gap)
        for match_id, n, first, last, gap in (await session.execute(stmt)).all()
    }
    return {match_id: found.get(match_id, CheckInSummary()) for match_id in match_ids}


async def refresh_summaries(
    session: AsyncSession, match_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, CheckInSummary]:
    """Rewrites the matches' summaries: kept, not edited, so no new version."""
    table = Match.__table__
    assert isinstance(table, Table)
    summaries = await summaries_of(session, match_ids)
    for match_id, summary in summaries.items():
        await session.execute(
            update(table)
            .where(table.c.id == match_id)
            .values(**asdict(summary), updated_at=table.c.updated_at)
        )
    return summaries
