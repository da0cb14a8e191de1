"""Which goals partners are helping with, which they are not, and who could.

A goal is covered when at least one agreement aligned to it is active: stored
status `active` and not past its end date. Expired, terminated or draft
agreements do not cover; a district-wide agreement covers only the goals it is
aligned to. Counts are grouped in SQL; the gaps, their suggestions and the
agreements supporting no goal are bounded lists.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope, schools_in_scope
from api.access.goals import goals_visible
from api.access.partners import agreements_visible
from api.core.crud import get_record
from api.core.scope import Scope
from api.directory.models import District, School
from api.goals.models import Alignment, Goal
from api.goals.service.goal_coverage import covered
from api.goals.service.suggestions import suggest_partners
from api.goals.vocabulary import GoalStatus
from api.partners.models import Agreement, AgreementSchool, Partner
from api.partners.service.health import live


@dataclass(frozen=True)
class CoverageFilters:
    school_year: str
    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None


async def check_place(session: AsyncSession, scope: Scope, filters: CoverageFilters) -> None:
    """A school or district outside the caller's scope is a 404, as anywhere."""
    if filters.school_id is not None:
        await get_record(session, School, filters.school_id, schools_in_scope(scope))
    if filters.district_id is not None:
        await get_record(session, District, filters.district_id, districts_in_scope(scope))


def goals_where(scope: Scope, filters: CoverageFilters) -> list[ColumnElement[bool]]:
    where = [goals_visible(scope), Goal.school_year == filters.school_year]
    if filters.school_id is not None:
        where.append(Goal.school_id == filters.school_id)
    if filters.district_id is not None:
        where.append(Goal.district_id == filters.district_id)
    return where


def _covered_ids(filters: CoverageFilters, today: dt.date) -> Select[uuid.UUID]:
    """Goals with an active aligned agreement, as one set, of the school or district named.

    Read once and looked up per goal (PostgreSQL hashes it), where asking each goal in
    turn would walk every goal's alignments when counting a whole year. The statement
    using it keeps to the caller's scope and the year.
    """
    stmt = (
        select(Alignment.goal_id)
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .where(live(today))
    )
    if filters.school_id is None and filters.district_id is None:
        return stmt
    place = [Goal.school_year == filters.school_year]
    if filters.school_id is not None:
        place.append(Goal.school_id == filters.school_id)
    if filters.district_id is not None:
        place.append(Goal.district_id == filters.district_id)
    return stmt.join(Goal, Goal.id == Alignment.goal_id).where(*place).correlate(None)


def _is_covered(filters: CoverageFilters, today: dt.date) -> ColumnElement[bool]:
    return Goal.id.in_(_covered_ids(filters, today))


async def area_counts(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date
) -> list[dict[str, Any]]:
    """Per area: the goals, the active ones, those covered and the active ones not."""
    has_cover = _is_covered(filters, today).label("covered")
    stmt = (
        select(Goal.area, Goal.status, has_cover, func.count().label("goals"))
        .where(*goals_where(scope, filters))
        .group_by(Goal.area, Goal.status, has_cover)
    )
    areas: dict[str, dict[str, Any]] = {}
    for area, status, with_cover, goals in (await session.execute(stmt)).all():
        counts = areas.setdefault(
            area, {"area": area, "goals": 0, "active": 0, "covered": 0, "gaps": 0}
        )
        active = status == GoalStatus.active.value
        counts["goals"] += goals
        counts["active"] += goals if active else 0
        counts["covered"] += goals if with_cover else 0
        counts["gaps"] += goals if active and not with_cover else 0
    return [areas[area] for area in sorted(areas)]


def totals_of(areas: Sequence[dict[str, Any]], covered_active: int) -> dict[str, Any]:
    active = sum(area["active"] for area in areas)
    return {
        "goals": sum(area["goals"] for area in areas),
        "active": active,
        "covered": sum(area["covered"] for area in areas),
        "gaps": sum(area["gaps"] for area in areas),
        "coverage": round(covered_active / active, 4) if active else None,
    }


async def gaps(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date, limit: int
) -> list[dict[str, Any]]:
    """The first uncovered active goals by priority, with their school's level and locale."""
    by_priority = (Goal.priority.asc().nulls_last(), Goal.title, Goal.id)
    first = (
        select(
            Goal.id.label("goal_id"),
            Goal.title,
            Goal.area,
            Goal.priority,
            Goal.school_id,
            Goal.district_id,
            Goal.asked_services,
        )
        .where(
            *goals_where(scope, filters),
            Goal.status == GoalStatus.active.value,
            # Asked per goal: walking the year's goals by priority meets few before the limit.
            ~covered(today),
        )
        .order_by(*by_priority)
        .limit(limit)
        .subquery("first_gaps")
    )
    stmt = (
        select(first, School.level, School.locale_type)
        .outerjoin(School, School.id == first.c.school_id)
        .order_by(first.c.priority.asc().nulls_last(), first.c.title, first.c.goal_id)
    )
    return [dict(row) for row in (await session.execute(stmt)).mappings()]


def _public(gap: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in gap.items() if key not in ("level", "locale_type")}


def _agreements_where(
    scope: Scope, filters: CoverageFilters, today: dt.date
) -> list[ColumnElement[bool]]:
    supports_a_goal = exists(
        select(Alignment.goal_id)
        .join(Goal, Goal.id == Alignment.goal_id)
        .where(Alignment.agreement_id == Agreement.id, Goal.school_year == filters.school_year)
    )
    where = [agreements_visible(scope), live(today), ~supports_a_goal]
    if filters.school_id is not None:
        school_district = select(School.district_id).where(School.id == filters.school_id)
        where.append(
            or_(
                exists(
                    select(AgreementSchool.school_id).where(
                        AgreementSchool.agreement_id == Agreement.id,
                        AgreementSchool.school_id == filters.school_id,
                    )
                ),
                and_(
                    Agreement.district_wide.is_(True),
                    Agreement.district_id.in_(school_district.scalar_subquery()),
                ),
            )
        )
    if filters.district_id is not None:
        where.append(Agreement.district_id == filters.district_id)
    return where


async def unaligned_agreements(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date, limit: int
) -> tuple[list[dict[str, Any]], int]:
    where = _agreements_where(scope, filters, today)
    total = await session.scalar(select(func.count()).select_from(Agreement).where(*where))
    stmt = (
        select(
            Agreement.id.label("agreement_id"),
            Agreement.title,
            Agreement.partner_id,
            Partner.name.label("partner_name"),
            Agreement.end_date,
        )
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(*where)
        .order_by(Agreement.end_date, Agreement.title, Agreement.id)
        .limit(limit)
    )
    return [dict(row) for row in (await session.execute(stmt)).mappings()], int(total or 0)


async def alignment_metrics(
    session: AsyncSession,
    scope: Scope,
    filters: CoverageFilters,
    today: dt.date,
    limit: int,
    per_gap: int,
) -> dict[str, Any]:
    await check_place(session, scope, filters)
    areas = await area_counts(session, scope, filters, today)
    covered_active = sum(area["active"] - area["gaps"] for area in areas)
    gap_rows = await gaps(session, scope, filters, today, limit)
    suggestions = await suggest_partners(session, scope, gap_rows, today, per_gap)
    agreements, agreement_count = await unaligned_agreements(session, scope, filters, today, limit)
    return {
        "as_of": today,
        "school_year": filters.school_year,
        "totals": totals_of(areas, covered_active),
        "areas": areas,
        "gaps": [
            _public(gap) | {"suggested_partners": suggestions[gap["goal_id"]]} for gap in gap_rows
        ],
        "unaligned_agreements": agreements,
        "unaligned_agreement_count": agreement_count,
    }
