"""Match-level figures over the matches in the caller's scope: counts in SQL, and the
length quantiles on the one vector of lengths (a number per match).

A match's length in months is the source system's when it gave one, else the days
from its start to its end (to `as_of` while it is open) over 30.4375 (an average
month, as the BBBS export counts). A closed match with neither has no length.

Quantiles are numpy's `linear` method, which is also pandas' default: for sorted
lengths x and n of them, the p-quantile is x[h] + (h - floor h)(x[h+1] - x[h]) at
h = (n - 1) p.

Reaching 12 months: among the matches whose 12-month outcome is known, that is, every
ended match and every open match already 12 months long; an open match younger than
that is left out (it may still get there).
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Float, case, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.mentoring import programs_visible
from api.core.scope import Scope
from api.mentoring.models import Match, Program
from api.mentoring.vocabulary import OPEN_MATCH_STATUSES, MatchStatus

DAYS_PER_MONTH = 30.4375
SMALLEST_N = 5
WITHHELD = f"fewer than {SMALLEST_N} matches: withheld, so no one reads a trend into a few pairs"
QUANTILE_METHOD = (
    "linear interpolation between order statistics at (n - 1) p "
    "(numpy method 'linear', pandas' default)"
)
TWELVE_MONTH_RULE = (
    "ended matches and open matches already 12 months long; open matches younger than "
    "12 months are left out"
)
OPEN = [status.value for status in OPEN_MATCH_STATUSES]
ENDED = [MatchStatus.completed.value, MatchStatus.ended_early.value]


@dataclass(frozen=True)
class HistoryFilters:
    program_id: Sequence[uuid.UUID] | None = None
    source_program: Sequence[str] | None = None


def _where(scope: Scope, filters: HistoryFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Match.program_id.in_(select(Program.id).where(programs_visible(scope)))
    ]
    if filters.program_id:
        where.append(Match.program_id.in_(filters.program_id))
    if filters.source_program:
        where.append(Match.source_program.in_(filters.source_program))
    return where


def _days(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return cast(later - earlier, Float)
    return func.julianday(later) - func.julianday(earlier)


def _length_months(as_of: dt.date, dialect: str) -> ColumnElement[Any]:
    is_open = Match.status.in_(OPEN)
    end = case((is_open, literal(as_of)), else_=Match.ended_on)
    from_dates = _days(end, Match.started_on, dialect) / DAYS_PER_MONTH
    return func.coalesce(cast(Match.source_length_months, Float), from_dates)


async def match_history(
    session: AsyncSession, scope: Scope, filters: HistoryFilters, as_of: dt.date
) -> dict[str, Any]:
    where = _where(scope, filters)
    by_status = dict.fromkeys((status.value for status in MatchStatus), 0)
    for status, count in await session.execute(
        select(Match.status, func.count()).where(*where).group_by(Match.status)
    ):
        by_status[status] = count
    return {
        "as_of": as_of,
        "matches": sum(by_status.values()),
        "by_status": by_status,
        "by_stage": await _by_stage(session, where),
        "by_source_program": await _by_source_program(session, where),
        "closure_reasons": await _closure_reasons(session, where),
        **await _lengths(session, where, as_of),
    }


async def _by_stage(session: AsyncSession, where: list[ColumnElement[bool]]) -> list[Any]:
    stmt = select(Match.source_stage, func.count()).where(*where).group_by(Match.source_stage)
    rows = await session.execute(stmt)
    counted = [{"stage": stage, "count": count} for stage, count in rows]
    return sorted(counted, key=lambda r: (-r["count"], r["stage"] or ""))


async def _by_source_program(session: AsyncSession, where: list[ColumnElement[bool]]) -> list[Any]:
    def count_of(statuses: list[str]) -> Any:
        return func.count().filter(Match.status.in_(statuses))

    stmt = (
        select(
            Match.source_program,
            func.count(),
            count_of(OPEN),
            count_of([MatchStatus.completed.value]),
            count_of([MatchStatus.ended_early.value]),
        )
        .where(*where)
        .group_by(Match.source_program)
    )
    counted = [
        {
            "source_program": name,
            "matches": matches,
            "open": still_open,
            "completed": completed,
            "ended_early": ended_early,
        }
        for name, matches, still_open, completed, ended_early in await session.execute(stmt)
    ]
    return sorted(counted, key=lambda r: (-r["matches"], r["source_program"] or ""))


async def _closure_reasons(session: AsyncSession, where: list[ColumnElement[bool]]) -> list[Any]:
    stmt = (
        select(Match.end_reason, func.count())
        .where(*where, Match.status.in_(ENDED))
        .group_by(Match.end_reason)
    )
    counted = [{"reason": reason, "count": count} for reason, count in await session.execute(stmt)]
    return sorted(counted, key=lambda r: (-r["count"], r["reason"] or ""))


async def _lengths(
    session: AsyncSession, where: list[ColumnElement[bool]], as_of: dt.date
) -> dict[str, Any]:
    dialect = session.get_bind().dialect.name
    length = _length_months(as_of, dialect)
    stmt = select(length, Match.status.in_(OPEN)).where(*where, length.is_not(None))
    rows = (await session.execute(stmt)).all()
    lengths = np.array([float(months) for months, _ in rows], dtype=float)
    still_open = np.array([bool(is_open) for _, is_open in rows], dtype=bool)
    return {
        "length_months": _quartiles(lengths),
        "reached_12_months": _twelve_months(lengths, still_open),
    }


def _quartiles(lengths: np.ndarray[Any, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {"n": int(lengths.size), "method": QUANTILE_METHOD}
    if lengths.size < SMALLEST_N:
        return figures | {"q1": None, "median": None, "q3": None, "withheld": WITHHELD}
    q1, median, q3 = np.quantile(lengths, [0.25, 0.5, 0.75], method="linear")
    return figures | {"q1": float(q1), "median": float(median), "q3": float(q3), "withheld": None}


def _twelve_months(
    lengths: np.ndarray[Any, Any], still_open: np.ndarray[Any, Any]
) -> dict[str, Any]:
    reached = lengths >= 12
    known = reached | ~still_open
    n, count = int(known.sum()), int(reached.sum())
    figures = {"n": n, "reached": count, "rule": TWELVE_MONTH_RULE}
    if n < SMALLEST_N:
        return figures | {"share": None, "withheld": WITHHELD}
    return figures | {"share": count / n, "withheld": None}
