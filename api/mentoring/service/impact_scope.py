"""Which participants, matches and period the impact metrics speak of."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from api.access.mentoring import programs_visible
from api.core.scope import Scope
from api.mentoring.models import Participant, Program


@dataclass(frozen=True)
class ImpactFilters:
    program_id: Sequence[uuid.UUID] = ()
    district_id: Sequence[uuid.UUID] = ()
    school_level: Sequence[str] = ()
    locale_type: Sequence[str] = ()
    role: Sequence[str] = ()


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def days_before(day: dt.date, days: int) -> dt.date:
    """The day `days` before, or the calendar's first day."""
    return day - dt.timedelta(days=min(days, (day - dt.date.min).days))


def participants_counted(
    scope: Scope, filters: ImpactFilters, participant: Any = Participant
) -> list[ColumnElement[bool]]:
    """Participants of the programmes the caller sees, narrowed by the filters."""
    where: list[ColumnElement[bool]] = []
    # Every participant belongs to a programme, so one who sees every programme needs no
    # test (which would join every participant to the programmes).
    if not scope.everything:
        where.append(
            participant.program_id.in_(
                select(Program.id).where(programs_visible(scope)).correlate(None)
            )
        )
    if filters.program_id:
        where.append(participant.program_id.in_(filters.program_id))
    if filters.district_id:
        where.append(participant.district_id.in_(filters.district_id))
    if filters.school_level:
        where.append(participant.school_level.in_(filters.school_level))
    if filters.locale_type:
        where.append(participant.locale_type.in_(filters.locale_type))
    if filters.role:
        where.append(participant.staff_role.in_(filters.role))
    return where


def enrolled_during(period: Period, participant: Any = Participant) -> ColumnElement[bool]:
    return and_(
        participant.enrolled_on <= period.end,
        or_(participant.left_on.is_(None), participant.left_on >= period.start),
    )


def held_within(first: Any, last: Any, period: Period) -> ColumnElement[bool]:
    """Whether every date of a kept summary, from `first` to `last`, falls in the period."""
    return and_(first >= period.start, last <= period.end)


def cut_through(first: Any, last: Any, period: Period) -> ColumnElement[bool]:
    """Whether the period holds some of a kept summary's dates but not all: two ranges, so
    each side can be found from an index on its own date."""
    return or_(
        and_(first < period.start, last >= period.start),
        and_(last > period.end, first <= period.end),
    )
