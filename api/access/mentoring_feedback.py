"""Who reaches which surveys, survey responses and reviews, as SQL conditions.

- Instruments: a programme's are read by whoever reaches the programme and written by
  its staff; an instrument of no programme is read by everyone signed in and written by
  administrators.
- Responses: staff of the programme read and write them; a participant reads and
  writes their own.
- Reviews: of a programme, read and written by its staff; of no programme, they follow
  the person (where they hold a role) and are written by staff only. Anyone signed in
  as a person reads the reviews of themselves, and never writes them.
"""

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from api.access.directory import people_in_scope
from api.access.mentoring import programs_managed, programs_visible
from api.core.db import Column
from api.core.scope import Scope
from api.mentoring.models import Participant, Program, Review, Survey, SurveyResponse


def _is_staff(scope: Scope) -> bool:
    return scope.everything or bool(scope.district_ids or scope.school_ids)


def surveys_visible(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    return or_(
        Survey.program_id.is_(None),
        Survey.program_id.in_(select(Program.id).where(programs_visible(scope))),
    )


def surveys_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.read_only:
        return false()
    if scope.everything:
        return true()
    return Survey.program_id.in_(select(Program.id).where(programs_managed(scope)))


def programs_for_instruments(scope: Scope) -> ColumnElement[bool]:
    """Programmes the caller may attach an instrument to."""
    if scope.read_only:
        return false()
    return programs_managed(scope)


def _own_participant_ids(scope: Scope) -> ColumnElement[bool]:
    if scope.person_id is None:
        return false()
    return SurveyResponse.participant_id.in_(
        select(Participant.id).where(Participant.person_id == scope.person_id)
    )


def responses_visible(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    return or_(
        SurveyResponse.program_id.in_(select(Program.id).where(programs_managed(scope))),
        _own_participant_ids(scope),
    )


def responses_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.read_only:
        return false()
    return responses_visible(scope)


def participants_answering(scope: Scope) -> ColumnElement[bool]:
    """Participants the caller may record a response for: anyone in a programme they
    run, or themselves."""
    if scope.read_only:
        return false()
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = [
        Participant.program_id.in_(select(Program.id).where(programs_managed(scope)))
    ]
    if scope.person_id is not None:
        conditions.append(Participant.person_id == scope.person_id)
    return or_(*conditions)


def _reviews_managed(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    if not _is_staff(scope):
        return false()
    return or_(
        Review.program_id.in_(select(Program.id).where(programs_managed(scope))),
        and_(Review.program_id.is_(None), people_in_scope(scope, Review.person_id)),
    )


def people_reviewable(scope: Scope, person_id: Column) -> ColumnElement[bool]:
    """People the caller may review outside any programme: staff, for people placed in
    their scope."""
    if scope.read_only or not _is_staff(scope):
        return false()
    return people_in_scope(scope, person_id)


def reviews_visible(scope: Scope) -> ColumnElement[bool]:
    conditions = [_reviews_managed(scope)]
    if scope.person_id is not None:
        conditions.append(Review.person_id == scope.person_id)
    return or_(*conditions)


def reviews_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.read_only:
        return false()
    return _reviews_managed(scope)
