"""Caseloads: each mentor's or coach's open matches against their capacity and the
programme's target, weighted by the support tier of the schools they serve.

A mentee counts for the caseload weight of their school's tier in the programme
(`ProgramSchool.caseload_weight`, else the tier's default in TIER_DEFAULTS); a
mentee at a school with no tier there, or with no school, counts for 1. Every
figure is an aggregate in SQL; only the page of mentors (and the schools they
serve) reaches Python.
"""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.access.caseloads import caseloads_visible
from api.core.scope import Scope
from api.directory.models import Person, School
from api.mentoring.models import Match, Participant, Program, ProgramSchool
from api.mentoring.service.suggestions import OPEN, brief, still_enrolled
from api.mentoring.vocabulary import (
    TIER_DEFAULTS,
    CaseloadAlert,
    MatchStatus,
    ParticipantRole,
    SupportTier,
)

TIERS = [tier.value for tier in SupportTier]
UNTIERED_WEIGHT = 1.0


@dataclass(frozen=True)
class CaseloadFilters:
    program_id: Sequence[uuid.UUID] | None = None
    district_id: Sequence[uuid.UUID] | None = None
    over_capacity: bool | None = None


def _mentee_schools() -> tuple[Any, Any]:
    """The open matches with each mentee's school and its tier in the match's programme."""
    mentee = aliased(Participant)
    joined = (
        select(Match)
        .join(mentee, mentee.id == Match.mentee_id)
        .outerjoin(
            ProgramSchool,
            and_(
                ProgramSchool.program_id == Match.program_id,
                ProgramSchool.school_id == mentee.school_id,
            ),
        )
        .where(Match.status.in_(OPEN))
    )
    return joined, mentee


def _weight() -> ColumnElement[Any]:
    by_tier = case(
        *[
            (ProgramSchool.tier == tier.value, weight)
            for tier, (_, weight) in TIER_DEFAULTS.items()
        ],
        else_=literal(UNTIERED_WEIGHT),
    )
    return func.coalesce(ProgramSchool.caseload_weight, by_tier)


def _loads(filters: CaseloadFilters) -> Any:
    joined, _ = _mentee_schools()
    stmt = joined.with_only_columns(
        Match.mentor_id.label("mentor_id"),
        func.count().label("open_matches"),
        func.count().filter(Match.status == MatchStatus.active).label("active_matches"),
        func.count().filter(Match.status == MatchStatus.proposed).label("proposed_matches"),
        func.sum(_weight()).label("weighted"),
        *[func.count().filter(ProgramSchool.tier == tier).label(tier) for tier in TIERS],
        func.count().filter(ProgramSchool.tier.is_(None)).label("untiered"),
        maintain_column_froms=True,
    ).group_by(Match.mentor_id)
    if filters.program_id:
        stmt = stmt.where(Match.program_id.in_(filters.program_id))
    return stmt.subquery()


def _statement(scope: Scope, filters: CaseloadFilters, today: dt.date) -> Select[Any]:
    loads = _loads(filters)
    capacity = func.coalesce(Participant.capacity, Program.target_caseload)
    open_matches = func.coalesce(loads.c.open_matches, 0)
    weighted = func.coalesce(loads.c.weighted, 0)
    over = weighted > capacity
    where: list[ColumnElement[bool]] = [
        Participant.role == ParticipantRole.mentor,
        caseloads_visible(scope),
        or_(still_enrolled(today), open_matches > 0),
    ]
    if filters.program_id:
        where.append(Participant.program_id.in_(filters.program_id))
    if filters.district_id:
        where.append(
            or_(
                Program.district_id.in_(filters.district_id),
                Participant.district_id.in_(filters.district_id),
            )
        )
    if filters.over_capacity is not None:
        where.append(over if filters.over_capacity else ~over)
    columns: list[Any] = [
        Participant.id,
        Participant.person_id,
        Participant.school_id,
        Participant.left_on,
        Person.given_name,
        Person.family_name,
        Program.id.label("program_id"),
        Program.name.label("program_name"),
        Program.kind.label("program_kind"),
        Program.target_caseload.label("target"),
        capacity.label("capacity"),
        open_matches.label("open_matches"),
        func.coalesce(loads.c.active_matches, 0).label("active_matches"),
        func.coalesce(loads.c.proposed_matches, 0).label("proposed_matches"),
        weighted.label("weighted"),
        case((over, 1), else_=0).label("over_capacity"),
        *[func.coalesce(loads.c[tier], 0).label(tier) for tier in [*TIERS, "untiered"]],
    ]
    return (
        select(*columns)
        .join(Program, Program.id == Participant.program_id)
        .outerjoin(Person, Person.id == Participant.person_id)
        .outerjoin(loads, loads.c.mentor_id == Participant.id)
        .where(*where)
    )


async def caseloads(
    session: AsyncSession, scope: Scope, filters: CaseloadFilters, limit: int, today: dt.date
) -> dict[str, Any]:
    everyone = _statement(scope, filters, today).subquery()
    totals = (
        await session.execute(
            select(
                func.count().label("mentors"),
                func.coalesce(func.sum(everyone.c.over_capacity), 0).label("over"),
                func.coalesce(func.sum(everyone.c.open_matches), 0).label("open"),
            )
        )
    ).one()
    busiest_first = (
        select(everyone)
        .order_by(everyone.c.over_capacity.desc(), everyone.c.weighted.desc(), everyone.c.id)
        .limit(limit)
    )
    rows = [dict(row) for row in (await session.execute(busiest_first)).mappings()]
    sites = await _sites(session, [row["id"] for row in rows])
    return {
        "as_of": today,
        "mentors_total": int(totals.mentors),
        "over_capacity_total": int(totals.over),
        "open_matches_total": int(totals.open),
        "items": [_item(row, sites.get(row["id"], []), today) for row in rows],
    }


async def _sites(
    session: AsyncSession, mentor_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The schools each mentor's open matches reach, with their tier and mentees there."""
    if not mentor_ids:
        return {}
    joined, mentee = _mentee_schools()
    stmt = (
        joined.with_only_columns(
            Match.mentor_id,
            mentee.school_id,
            School.name,
            ProgramSchool.tier,
            func.count().label("mentees"),
            maintain_column_froms=True,
        )
        .join(School, School.id == mentee.school_id)
        .where(Match.mentor_id.in_(mentor_ids))
        .group_by(Match.mentor_id, mentee.school_id, School.name, ProgramSchool.tier)
        .order_by(Match.mentor_id, School.name, mentee.school_id)
    )
    found: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for mentor_id, school_id, name, tier, mentees in await session.execute(stmt):
        found.setdefault(mentor_id, []).append(
            {"school_id": school_id, "name": name, "tier": tier, "mentees": mentees}
        )
    return found


def _item(row: Mapping[str, Any], sites: list[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    weighted = round(float(row["weighted"]), 2)
    return {
        "mentor": brief(row),
        "program_id": row["program_id"],
        "program_name": row["program_name"],
        "program_kind": row["program_kind"],
        "open_matches": row["open_matches"],
        "active_matches": row["active_matches"],
        "proposed_matches": row["proposed_matches"],
        "weighted_caseload": weighted,
        "target": row["target"],
        "capacity": row["capacity"],
        "over_capacity": bool(row["over_capacity"]),
        "alerts": _alerts(row, weighted, today),
        "tiers": {tier: row[tier] for tier in [*TIERS, "untiered"]},
        "sites": sites,
    }


def _alerts(row: Mapping[str, Any], weighted: float, today: dt.date) -> list[dict[str, Any]]:
    alerts = []
    capacity, target, open_matches = row["capacity"], row["target"], row["open_matches"]
    if row["over_capacity"]:
        alerts.append(
            {
                "code": CaseloadAlert.over_capacity,
                "text": f"Weighted caseload {weighted:g} ({_open_matches(open_matches)}) is "
                f"above capacity {capacity}.",
            }
        )
    # With a capacity at or below the target, being over the target is being over capacity.
    if weighted > target and capacity > target:
        alerts.append(
            {
                "code": CaseloadAlert.above_target,
                "text": f"Weighted caseload {weighted:g} is above the programme's target "
                f"of {target}.",
            }
        )
    left_on = row["left_on"]
    if left_on is not None and left_on <= today and open_matches:
        alerts.append(
            {
                "code": CaseloadAlert.left_with_open_matches,
                "text": f"Left the programme on {left_on.isoformat()} with "
                f"{_open_matches(open_matches)}.",
            }
        )
    return alerts


def _open_matches(count: int) -> str:
    return f"{count} open match" + ("" if count == 1 else "es")
