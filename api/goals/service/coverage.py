"""Which goals partners are helping with, which they are not, and who could.

A goal is covered when at least one agreement aligned to it is active: stored
status `active` and not past its end date. Expired, terminated or draft
agreements do not cover; a district-wide agreement covers only the goals it is
aligned to. Counts are grouped in SQL; the gaps, their suggestions and the
agreements supporting no goal are bounded lists.
"""

import datetime as dt
import functools
import operator
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    String,
    Uuid,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope, schools_in_scope
from api.access.goals import goals_visible
from api.access.partners import agreements_visible, partners_visible
from api.core.crud import get_record
from api.core.scope import Scope
from api.directory.models import District, School
from api.goals.models import Alignment, Goal
from api.goals.vocabulary import AREA_SERVICE_CATEGORIES, GoalStatus
from api.partners.models import Agreement, AgreementSchool, AgreementService, Partner
from api.partners.service.health import live

# What each reason adds to a suggestion's score.
REASON_POINTS = {
    "offers_asked_service": 3,
    "offers_service_for_area": 2,
    "focus_area_fits": 1,
    "works_in_district": 3,
    "works_at_similar_schools": 2,
}


@dataclass(frozen=True)
class CoverageFilters:
    school_year: str
    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None


def covered(today: dt.date) -> ColumnElement[bool]:
    """The goal has an active aligned agreement."""
    return exists(
        select(Alignment.goal_id)
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .where(Alignment.goal_id == Goal.id, live(today))
    )


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


async def area_counts(
    session: AsyncSession, scope: Scope, filters: CoverageFilters, today: dt.date
) -> list[dict[str, Any]]:
    is_covered = case((covered(today), 1), else_=0)
    goals = (
        select(Goal.area, Goal.status, is_covered.label("covered"))
        .where(*goals_where(scope, filters))
        .subquery("year_goals")
    )
    active = goals.c.status == GoalStatus.active.value

    def count(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    stmt = (
        select(
            goals.c.area,
            func.count().label("goals"),
            count(active).label("active"),
            count(goals.c.covered == 1).label("covered"),
            count(and_(active, goals.c.covered == 0)).label("gaps"),
        )
        .group_by(goals.c.area)
        .order_by(goals.c.area)
    )
    return [
        {key: (int(value) if key != "area" else value) for key, value in row.items()}
        for row in (await session.execute(stmt)).mappings()
    ]


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
    stmt = (
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
            ~covered(today),
        )
        .order_by(case((Goal.priority.is_(None), 1), else_=0), Goal.priority, Goal.title, Goal.id)
        .limit(limit)
    )
    return [dict(row) for row in (await session.execute(stmt)).mappings()]


def _wanted(gap: dict[str, Any]) -> dict[str, bool]:
    """The categories that would help a gap, each marked when the school asked for it."""
    wanted = dict.fromkeys(AREA_SERVICE_CATEGORIES.get(gap["area"], ()), False)
    return wanted | dict.fromkeys(gap["asked_services"] or (), True)


def _wants(gaps: Sequence[dict[str, Any]]) -> Any:
    rows = [
        select(
            literal(gap["goal_id"], Uuid).label("goal_id"),
            literal(category, String).label("category"),
            literal(asked, Boolean).label("asked"),
        )
        for gap in gaps
        for category, asked in _wanted(gap).items()
    ]
    return union_all(*rows).cte("wants") if rows else None


def _fits(scope: Scope, wants: Any) -> Any:
    """Per gap and partner, how the partner's services and focus areas fit what is wanted."""
    offered = (
        select(Agreement.partner_id, AgreementService.category)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .where(Agreement.status == "active")
        .distinct()
        .subquery("offered")
    )
    # Focus areas are a JSON list of category names: a quoted name is one element.
    in_focus = cast(Partner.focus_areas, String).like("%" + '"' + wants.c.category + '"' + "%")
    offers = offered.c.category.is_not(None)

    def any_of(condition: ColumnElement[bool]) -> Any:
        return func.max(case((condition, 1), else_=0))

    return (
        select(
            wants.c.goal_id,
            Partner.id.label("partner_id"),
            any_of(and_(offers, wants.c.asked)).label("offers_asked_service"),
            any_of(and_(offers, ~wants.c.asked)).label("offers_service_for_area"),
            any_of(in_focus).label("focus_area_fits"),
        )
        .select_from(wants)
        .join(Partner, partners_visible(scope))
        .outerjoin(
            offered,
            and_(offered.c.partner_id == Partner.id, offered.c.category == wants.c.category),
        )
        .where(Partner.status != "inactive", or_(offers, in_focus))
        .group_by(wants.c.goal_id, Partner.id)
        .subquery("fits")
    )


def _suggestions_statement(scope: Scope, wants: Any, today: dt.date, per_gap: int) -> Select[Any]:
    fits = _fits(scope, wants)
    place = select(Goal.id, Goal.district_id, School.level, School.locale_type).outerjoin(
        School, School.id == Goal.school_id
    )
    gap = place.where(Goal.id.in_(select(wants.c.goal_id))).subquery("gap")
    works_in_district = exists(
        select(Agreement.id).where(
            Agreement.partner_id == fits.c.partner_id,
            Agreement.district_id == gap.c.district_id,
            live(today),
        )
    )
    similar = School.__table__.alias("similar")
    works_at_similar = exists(
        select(AgreementSchool.school_id)
        .join(Agreement, Agreement.id == AgreementSchool.agreement_id)
        .join(similar, similar.c.id == AgreementSchool.school_id)
        .where(
            Agreement.partner_id == fits.c.partner_id,
            live(today),
            similar.c.level == gap.c.level,
            similar.c.locale_type == gap.c.locale_type,
        )
    )
    flagged = (
        select(
            fits,
            case((works_in_district, 1), else_=0).label("works_in_district"),
            case((works_at_similar, 1), else_=0).label("works_at_similar_schools"),
        )
        .join(gap, gap.c.id == fits.c.goal_id)
        .subquery("flagged")
    )
    score: ColumnElement[int] = functools.reduce(
        operator.add, (flagged.c[reason] * points for reason, points in REASON_POINTS.items())
    )
    ranked = (
        select(
            flagged,
            Partner.name,
            score.label("score"),
            func.row_number()
            .over(partition_by=flagged.c.goal_id, order_by=(score.desc(), Partner.name, Partner.id))
            .label("rank"),
        )
        .join(Partner, Partner.id == flagged.c.partner_id)
        .where(or_(flagged.c.works_in_district == 1, flagged.c.works_at_similar_schools == 1))
        .subquery("ranked")
    )
    return select(ranked).where(ranked.c.rank <= per_gap).order_by(ranked.c.goal_id, ranked.c.rank)


async def suggest_partners(
    session: AsyncSession,
    scope: Scope,
    gap_rows: Sequence[dict[str, Any]],
    today: dt.date,
    per_gap: int,
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The best-fitting partners already working nearby, per gap, best first."""
    wants = _wants(gap_rows)
    found: dict[uuid.UUID, list[dict[str, Any]]] = {gap["goal_id"]: [] for gap in gap_rows}
    if wants is None:
        return found
    rows = (await session.execute(_suggestions_statement(scope, wants, today, per_gap))).mappings()
    for row in rows:
        found[_uuid(row["goal_id"])].append(
            {
                "partner_id": row["partner_id"],
                "name": row["name"],
                "score": int(row["score"]),
                "reasons": [reason for reason in REASON_POINTS if row[reason]],
            }
        )
    return found


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


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
        "gaps": [gap | {"suggested_partners": suggestions[gap["goal_id"]]} for gap in gap_rows],
        "unaligned_agreements": agreements,
        "unaligned_agreement_count": agreement_count,
    }
