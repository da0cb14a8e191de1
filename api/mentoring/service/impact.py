"""The impact metrics: the pyramid of planned outcomes over the caller's programmes."""

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import BadRequest
from api.core.scope import Scope
from api.mentoring.service import outcomes, participation, retention, satisfaction
from api.mentoring.service.impact_scope import ImpactFilters, Period, days_before

DEFAULT_DAYS = 365
# Enough for the hash tables of a whole organisation's check-ins, answers and scores
# (tens of thousands of groups), which would otherwise spill to disk.
WORK_MEM = "64MB"
SETTINGS = (f"SET LOCAL work_mem = '{WORK_MEM}'",)


def period_of(start: dt.date | None, end: dt.date | None, today: dt.date) -> Period:
    """The period asked for; it ends today at the latest and by default spans the past year."""
    last = min(end or today, today)
    first = start or days_before(last, DEFAULT_DAYS)
    if first > last:
        raise BadRequest(
            "The period starts after it ends (or after today).",
            errors=[{"loc": ["query", "from"], "msg": "must not be after to", "type": "value"}],
        )
    return Period(first, last)


async def impact_metrics(
    session: AsyncSession,
    scope: Scope,
    filters: ImpactFilters,
    start: dt.date | None,
    end: dt.date | None,
    today: dt.date,
) -> dict[str, Any]:
    period = period_of(start, end, today)
    if session.get_bind().dialect.name == "postgresql":
        for setting in SETTINGS:
            await session.execute(text(setting))
    return {
        "period": {"from": period.start, "to": period.end},
        "participation": await participation.participation(session, scope, filters, period),
        "satisfaction": {"items": await satisfaction.satisfaction(session, scope, filters, period)},
        "growth": {"surveys": await outcomes.growth(session, scope, filters, period)},
        "performance": {"dimensions": await outcomes.performance(session, scope, filters, period)},
        "results": {
            "retention_12_months": await retention.retention(session, scope, filters, period, today)
        },
    }
