"""The pyramid's top level: are mentees still in post a year on, against staff who were not mentored?

Both groups are counted per person in SQL; only four counts reach Python.
"""

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.day_spans import days_between
from api.core.scope import Scope
from api.directory.models import RoleAssignment, School
from api.mentoring.models import Participant
from api.mentoring.service.impact_scope import (
    ImpactFilters,
    Period,
    days_before,
    participants_counted,
)
from api.mentoring.service.statistics import difference_of_proportions, proportion
from api.mentoring.vocabulary import ParticipantRole

YEAR_DAYS = 365

RETENTION = (
    "people whose 12-month mark (365 days after their first enrolment as a mentee, or after "
    "the start of their role for the comparison) falls in the period, up to today; retained "
    "when they hold a role assignment (any place) on that day. Comparison: school staff never "
    "enrolled as a mentee, with the same staff role and school level as a counted mentee, "
    "whose role started in the same window, in the caller's districts and schools and the "
    "filters' districts and locale types"
)


def _cohort_window(period: Period, today: dt.date) -> tuple[dt.date, dt.date]:
    return days_before(period.start, YEAR_DAYS), days_before(min(period.end, today), YEAR_DAYS)


def _still_in_post(person_id: Any, began: Any) -> ColumnElement[bool]:
    return exists(
        select(RoleAssignment.id).where(
            RoleAssignment.person_id == person_id,
            or_(
                RoleAssignment.start_date.is_(None),
                days_between(RoleAssignment.start_date, began) <= YEAR_DAYS,
            ),
            or_(
                RoleAssignment.end_date.is_(None),
                days_between(RoleAssignment.end_date, began) >= YEAR_DAYS,
            ),
        )
    )


def _mentees(scope: Scope, filters: ImpactFilters, first: dt.date, last: dt.date) -> list[Any]:
    return [
        Participant.role == ParticipantRole.mentee.value,
        Participant.person_id.is_not(None),
        Participant.enrolled_on.between(first, last),
        *participants_counted(scope, filters),
    ]


async def _counts(session: AsyncSession, people: Any) -> tuple[int, int]:
    retained = _still_in_post(people.c.person_id, people.c.began)
    stmt = select(func.count(), func.count().filter(retained)).select_from(people)
    n, kept = (await session.execute(stmt)).one()
    return int(n), int(kept)


def _places(scope: Scope, filters: ImpactFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if not scope.everything:
        where.append(
            or_(School.id.in_(scope.school_ids), School.district_id.in_(scope.district_ids))
            if scope.school_ids or scope.district_ids
            else false()
        )
    if filters.district_id:
        where.append(School.district_id.in_(filters.district_id))
    if filters.locale_type:
        where.append(School.locale_type.in_(filters.locale_type))
    return where


async def retention(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period, today: dt.date
) -> dict[str, Any]:
    first, last = _cohort_window(period, today)
    mentees = (
        select(Participant.person_id, func.min(Participant.enrolled_on).label("began"))
        .where(*_mentees(scope, filters, first, last))
        .group_by(Participant.person_id)
        .subquery("mentees")
    )
    strata = (
        select(Participant.staff_role, Participant.school_level)
        .where(*_mentees(scope, filters, first, last))
        .distinct()
        .subquery("strata")
    )
    # An anti-join on the participants' person index, not a hashed list of every mentee.
    ever_mentored = exists(
        select(Participant.id).where(
            Participant.person_id == RoleAssignment.person_id,
            Participant.role == ParticipantRole.mentee.value,
        )
    )
    comparison = (
        select(RoleAssignment.person_id, func.min(RoleAssignment.start_date).label("began"))
        .join(School, School.id == RoleAssignment.school_id)
        .join(
            strata,
            and_(strata.c.staff_role == RoleAssignment.role, strata.c.school_level == School.level),
        )
        .where(
            RoleAssignment.start_date.between(first, last),
            ~ever_mentored,
            *_places(scope, filters),
        )
        .group_by(RoleAssignment.person_id)
        .subquery("comparison")
    )
    (n, kept), (other_n, other_kept) = (
        await _counts(session, mentees),
        await _counts(session, comparison),
    )
    return {
        "cohort_from": first,
        "cohort_to": last,
        "mentees": proportion(kept, n),
        "comparison": proportion(other_kept, other_n),
        "difference": difference_of_proportions(kept, n, other_kept, other_n),
        "method": RETENTION,
    }
