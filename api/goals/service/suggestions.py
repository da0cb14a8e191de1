"""Partners suggested for a goal nobody is helping with.

A partner is suggested when it already works nearby (a live agreement in the goal's
district, or at a school of the same level and locale) and fits: its agreements offer
a category the school asked for or that serves the goal's area, or its focus areas
name one. Each reason adds to a score; the best few per gap are returned.
"""

import datetime as dt
import functools
import operator
import uuid
from collections.abc import Sequence
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

from api.access.partners import partners_visible
from api.core.scope import Scope
from api.directory.models import School
from api.goals.service.goal_coverage import in_force
from api.goals.vocabulary import AREA_SERVICE_CATEGORIES
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


def _wanted(gap: dict[str, Any]) -> dict[str, bool]:
    """The categories that would help a gap, each marked when the school asked for it."""
    wanted = dict.fromkeys(AREA_SERVICE_CATEGORIES.get(gap["area"], ()), False)
    return wanted | dict.fromkeys(gap["asked_services"] or (), True)


def _rows(name: str, rows: list[dict[str, Any]], types: dict[str, Any]) -> Any:
    """Literal rows as a named common table expression."""
    selects = [
        select(*(literal(row[column], type_).label(column) for column, type_ in types.items()))
        for row in rows
    ]
    return union_all(*selects).cte(name)


def _nearby(gap_rows: Sequence[dict[str, Any]], places: Any, today: dt.date) -> Any:
    """Partners with a live agreement at a school of the gap's level and locale.

    The partners at each level and locale are found once, over the live agreements,
    then matched to the gaps; walking each gap's similar schools would read thousands.
    """
    levels = sorted({gap["level"] for gap in gap_rows if gap["level"]})
    locales = sorted({gap["locale_type"] for gap in gap_rows if gap["locale_type"]})
    working = (
        select(School.level, School.locale_type, Agreement.partner_id)
        .join(AgreementSchool, AgreementSchool.school_id == School.id)
        .join(Agreement, Agreement.id == AgreementSchool.agreement_id)
        .where(live(today), School.level.in_(levels), School.locale_type.in_(locales))
        .distinct()
        .subquery("working")
    )
    return (
        select(
            places.c.goal_id,
            working.c.partner_id,
            literal(0).label("works_in_district"),
            literal(1).label("works_at_similar_schools"),
        )
        .select_from(places)
        .join(
            working,
            and_(working.c.level == places.c.level, working.c.locale_type == places.c.locale_type),
        )
    )


def _present(gap_rows: Sequence[dict[str, Any]], places: Any, today: dt.date) -> Any:
    """Per gap, the partners already working in its district or at schools like its own."""
    in_district = (
        select(
            places.c.goal_id,
            Agreement.partner_id,
            literal(1).label("works_in_district"),
            literal(0).label("works_at_similar_schools"),
        )
        .select_from(places)
        .join(Agreement, and_(Agreement.district_id == places.c.district_id, in_force(today)))
    )
    either = union_all(in_district, _nearby(gap_rows, places, today)).subquery("either")
    return (
        select(
            either.c.goal_id,
            either.c.partner_id,
            func.max(either.c.works_in_district).label("works_in_district"),
            func.max(either.c.works_at_similar_schools).label("works_at_similar_schools"),
        )
        .group_by(either.c.goal_id, either.c.partner_id)
        .subquery("present")
    )


def _suggestions_statement(
    scope: Scope, gap_rows: Sequence[dict[str, Any]], today: dt.date, per_gap: int
) -> Select[Any]:
    wants = _rows(
        "wants",
        [
            {"goal_id": gap["goal_id"], "category": category, "asked": asked}
            for gap in gap_rows
            for category, asked in _wanted(gap).items()
        ],
        {"goal_id": Uuid, "category": String, "asked": Boolean},
    )
    places = _rows(
        "places",
        list(gap_rows),
        {"goal_id": Uuid, "district_id": Uuid, "level": String, "locale_type": String},
    )
    present = _present(gap_rows, places, today)

    # Which wanted (and which asked) categories each nearby partner's agreements offer:
    # joined and grouped as sets, so each database hashes them once.
    offered = (
        select(
            present.c.goal_id,
            present.c.partner_id,
            func.max(case((wants.c.asked, 1), else_=0)).label("asked"),
            func.max(case((wants.c.asked, 0), else_=1)).label("for_area"),
        )
        .join(Agreement, Agreement.partner_id == present.c.partner_id)
        .join(AgreementService, AgreementService.agreement_id == Agreement.id)
        .join(
            wants,
            and_(
                wants.c.goal_id == present.c.goal_id,
                wants.c.category == AgreementService.category,
            ),
        )
        .where(in_force(dt.date.min))
        .group_by(present.c.goal_id, present.c.partner_id)
        .subquery("offered")
    )

    # Focus areas are a JSON list of category names: a quoted name is one element.
    focus = exists(
        select(wants.c.category).where(
            wants.c.goal_id == present.c.goal_id,
            cast(Partner.focus_areas, String).like("%" + '"' + wants.c.category + '"' + "%"),
        )
    )
    flagged = (
        select(
            present,
            Partner.name,
            func.coalesce(offered.c.asked, 0).label("offers_asked_service"),
            func.coalesce(offered.c.for_area, 0).label("offers_service_for_area"),
            case((focus, 1), else_=0).label("focus_area_fits"),
        )
        .join(Partner, Partner.id == present.c.partner_id)
        .outerjoin(
            offered,
            and_(
                offered.c.goal_id == present.c.goal_id,
                offered.c.partner_id == present.c.partner_id,
            ),
        )
        .where(partners_visible(scope), Partner.status != "inactive")
        # Computed once: the score, the rank and the filter each read the flags.
        .cte("flagged")
        .prefix_with("MATERIALIZED")
    )
    score: ColumnElement[int] = functools.reduce(
        operator.add, (flagged.c[reason] * points for reason, points in REASON_POINTS.items())
    )
    fits = or_(
        flagged.c.offers_asked_service == 1,
        flagged.c.offers_service_for_area == 1,
        flagged.c.focus_area_fits == 1,
    )
    ranked = (
        select(
            flagged,
            score.label("score"),
            func.row_number()
            .over(
                partition_by=flagged.c.goal_id,
                order_by=(score.desc(), flagged.c.name, flagged.c.partner_id),
            )
            .label("rank"),
        )
        .where(fits)
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
    found: dict[uuid.UUID, list[dict[str, Any]]] = {gap["goal_id"]: [] for gap in gap_rows}
    if not gap_rows or per_gap == 0:
        return found
    stmt = _suggestions_statement(scope, gap_rows, today, per_gap)
    for row in (await session.execute(stmt)).mappings():
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
