"""Partnership rollups by district, school, partner or service category, in SQL.

Each rollup is one pass over the agreements in the caller's scope: filtered
aggregates count each derived status, expiry horizon and overdue flag, and add
up the per-agreement totals the agreements service keeps with the items.
"""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.access.directory import naming_schools
from api.access.partners import agreements_visible
from api.core.filtering import any_of
from api.core.scope import Scope
from api.directory.models import District, School
from api.partners.models import (
    Agreement,
    AgreementSchool,
    AgreementService,
    Partner,
)
from api.partners.service import health
from api.partners.service.agreements import offering
from api.partners.vocabulary import AgreementStatus, MetricsGroup

STATUSES = [status.value for status in AgreementStatus]
HORIZONS = (30, 60, 90)
RESOURCE_SUMS = ("funding_usd", "in_kind_usd", "volunteer_hours", "staff_hours")


@dataclass(frozen=True)
class MetricsFilters:
    district_id: list[uuid.UUID] | None = None
    school_id: list[uuid.UUID] | None = None
    partner_id: list[uuid.UUID] | None = None
    service_category: Sequence[str] | None = None


def _where(scope: Scope, filters: MetricsFilters) -> list[ColumnElement[bool]]:
    conditions = [
        any_of(Agreement.district_id, filters.district_id),
        naming_schools(filters.school_id) if filters.school_id else None,
        any_of(Agreement.partner_id, filters.partner_id),
        offering(filters.service_category),
    ]
    return [agreements_visible(scope), *(c for c in conditions if c is not None)]


@health.daily
def _aggregates(today: dt.date, students: Any = None) -> dict[str, Any]:
    """Aggregates over agreement rows, by name; each counts only the rows its filter selects.

    Targets and commitments count while an agreement is in force (live). Money is
    added as floating point: exact to the cent at these magnitudes, and several
    times faster to sum than NUMERIC.
    """
    live = health.live(today)
    stored = [s for s in STATUSES if s not in (AgreementStatus.active, AgreementStatus.expired)]
    return {
        "total": func.count(),
        **{status: func.count().filter(Agreement.status == status) for status in stored},
        "active": func.count().filter(live),
        "expired": func.count().filter(health.has_status([AgreementStatus.expired], today)),
        **{
            f"within_{days}_days": func.count().filter(health.expiring_within(days, today))
            for days in HORIZONS
        },
        "planned": func.count().filter(
            live, Agreement.start_date <= today, Agreement.cadence.is_not(None)
        ),
        "overdue": func.count().filter(health.overdue(today)),
        "students": func.sum(Agreement.students_target if students is None else students).filter(
            live
        ),
        **{
            name: func.sum(cast(getattr(Agreement, name), Float)).filter(live)
            for name in RESOURCE_SUMS
        },
    }


def rollup(row: Mapping[Any, Any], prefix: str = "") -> dict[str, Any]:
    def whole(name: str) -> int:
        return int(row.get(prefix + name) or 0)

    planned, overdue = whole("planned"), whole("overdue")
    return {
        "agreements": {status: whole(status) for status in STATUSES} | {"total": whole("total")},
        "expiring": {f"within_{days}_days": whole(f"within_{days}_days") for days in HORIZONS},
        "overdue": {
            "n": planned,
            "overdue": overdue,
            "share": round(overdue / planned, 4) if planned else None,
        },
        "students_served_target": whole("students"),
        **{name: round(float(row.get(prefix + name) or 0), 2) for name in RESOURCE_SUMS},
    }


async def _totals(
    session: AsyncSession, scope: Scope, filters: MetricsFilters, today: dt.date
) -> dict[str, Any]:
    stmt = select(*(agg.label(name) for name, agg in _aggregates(today).items()))
    return rollup((await session.execute(stmt.where(*_where(scope, filters)))).mappings().one())


async def _rollups(
    session: AsyncSession,
    scope: Scope,
    filters: MetricsFilters,
    group: MetricsGroup,
    limit: int,
    today: dt.date,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Totals and the busiest groups.

    Every agreement has one district and one partner, so those groupings partition
    the agreements: one pass adds up the groups, and window sums over the groups
    give the totals. A school or a category holds an agreement zero or many times,
    so their totals take a pass of their own.
    """
    table: Any = None
    students: Any = None
    partition = group in (MetricsGroup.district, MetricsGroup.partner)
    if group is MetricsGroup.district:
        key: Any = Agreement.district_id
        stmt = select(key.label("key"))
        table = District
    elif group is MetricsGroup.partner:
        key = Agreement.partner_id
        stmt = select(key.label("key"))
        table = Partner
    elif group is MetricsGroup.school:
        # District-wide agreements name no school, so they are in no school's group.
        # An alias of its own, so the `school_id` filter's EXISTS still correlates
        # with the agreement alone.
        grouped = aliased(AgreementSchool)
        key = grouped.school_id
        stmt = select(key.label("key")).join(grouped, grouped.agreement_id == Agreement.id)
        if filters.school_id:
            stmt = stmt.where(key.in_(filters.school_id))
        table = School
    else:
        # Per category, the students are those of that category's services.
        pairs = (
            select(
                AgreementService.agreement_id,
                AgreementService.category,
                func.sum(AgreementService.target_students).label("students"),
            )
            .group_by(AgreementService.agreement_id, AgreementService.category)
            .subquery("categories")
        )
        key = pairs.c.category
        students = pairs.c.students
        stmt = select(key.label("key")).join(pairs, pairs.c.agreement_id == Agreement.id)
        if filters.service_category:
            stmt = stmt.where(key.in_(filters.service_category))
    aggregates = _aggregates(today, students)
    columns = [agg.label(name) for name, agg in aggregates.items()]
    if partition:
        columns += [func.sum(agg).over().label(f"all_{name}") for name, agg in aggregates.items()]
    top = (
        stmt.add_columns(*columns)
        .select_from(Agreement)
        .where(*_where(scope, filters))
        .group_by(key)
        .order_by(aggregates["active"].desc(), aggregates["total"].desc(), key)
        .limit(limit)
        .subquery("top")
    )
    # Only the groups returned are named.
    name = table.name if table is not None else top.c.key
    named = select(top, name.label("name"))
    if table is not None:
        named = named.join(table, table.id == top.c.key)
    named = named.order_by(top.c.active.desc(), top.c.total.desc(), name, top.c.key)
    rows = list((await session.execute(named)).mappings())
    groups = [{"key": str(row["key"]), "name": row["name"]} | rollup(row) for row in rows]
    if partition:
        totals = rollup(rows[0], "all_") if rows else rollup({}, "")
    else:
        totals = await _totals(session, scope, filters, today)
    return totals, groups


async def partnership_metrics(
    session: AsyncSession,
    scope: Scope,
    filters: MetricsFilters,
    group: MetricsGroup | None,
    limit: int,
    today: dt.date,
) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    if group is None:
        totals = await _totals(session, scope, filters, today)
    else:
        totals, groups = await _rollups(session, scope, filters, group, limit, today)
    return {"as_of": today, "group_by": group, "totals": totals, "groups": groups}
