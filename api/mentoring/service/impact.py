"""The impact metrics: the pyramid of planned outcomes over the caller's programmes."""

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import BadRequest
from api.core.scope import Scope
from api.core.side_by_side import read_side_by_side
from api.mentoring.service import outcomes, participation, retention, satisfaction
from api.mentoring.service.impact_scope import ImpactFilters, Period, days_before

DEFAULT_DAYS = 365
# Enough for the hash tables of a whole organisation's check-ins, answers and scores
# (tens of thousands of groups), which would otherwise spill to disk.
WORK_MEM = "64MB"
SETTINGS = {
    "work_mem": WORK_MEM,
    # The statements are prepared and cached per connection; after five runs PostgreSQL
    # would switch to a generic plan, which misjudges the period and scope filters
    # several-fold (the satisfaction means took 225 ms instead of 31).
    "plan_cache_mode": "force_custom_plan",
}


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
    # Three parts of the pyramid, side by side on a read request: the counted matches with
    # the survey means, the pre/post changes, and the retention cohorts (the largest read).
    taking_part, changes, results = await read_side_by_side(
        session,
        [
            lambda own: _taking_part(own, scope, filters, period),
            lambda own: _changes(own, scope, filters, period),
            lambda own: retention.retention(own, scope, filters, period, today),
        ],
        SETTINGS,
    )
    return {
        "period": {"from": period.start, "to": period.end},
        **taking_part,
        **changes,
        "results": {"retention_12_months": results},
    }


async def _taking_part(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> dict[str, Any]:
    return {
        "participation": await participation.participation(session, scope, filters, period),
        "satisfaction": {"items": await satisfaction.satisfaction(session, scope, filters, period)},
    }


async def _changes(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> dict[str, Any]:
    return {
        "growth": {"surveys": await outcomes.growth(session, scope, filters, period)},
        "performance": {"dimensions": await outcomes.performance(session, scope, filters, period)},
    }
