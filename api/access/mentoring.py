"""Who reaches which mentoring records, as SQL conditions.

- Administrators reach everything.
- District managers reach programmes their district runs or that touch its
  schools (a school with a support tier there, or a participant working there).
- Coordinators reach programmes touching their schools.
- Anyone signed in as a person reaches the programmes they take part in, and in
  them their own participation, matches and check-ins (not everyone else's).
- A partner organisation reaches none unless its people take part.
Writes follow the same rule, except that a participant changes only their own
check-ins; viewers change nothing.
"""

import uuid

from sqlalchemy import ColumnElement, false, or_, select, true

from api.core.scope import Scope
from api.directory.models import School
from api.mentoring.models import Match, Participant, Program, ProgramSchool


def _schools_managed(scope: Scope) -> ColumnElement[bool]:
    return or_(
        ProgramSchool.school_id.in_(scope.school_ids),
        ProgramSchool.school_id.in_(
            select(School.id).where(School.district_id.in_(scope.district_ids))
        ),
    )


def _participants_managed(scope: Scope) -> ColumnElement[bool]:
    return or_(
        Participant.school_id.in_(scope.school_ids),
        Participant.district_id.in_(scope.district_ids),
    )


def programs_managed(scope: Scope) -> ColumnElement[bool]:
    """Programmes the caller runs as school or district staff."""
    if scope.everything:
        return true()
    if not (scope.district_ids or scope.school_ids):
        return false()
    return or_(
        Program.district_id.in_(scope.district_ids),
        Program.id.in_(select(ProgramSchool.program_id).where(_schools_managed(scope))),
        Program.id.in_(select(Participant.program_id).where(_participants_managed(scope))),
    )


def _own_participations(person_id: uuid.UUID) -> ColumnElement[bool]:
    return Participant.person_id == person_id


def programs_visible(scope: Scope) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [programs_managed(scope)]
    if scope.person_id is not None:
        conditions.append(
            Program.id.in_(
                select(Participant.program_id).where(_own_participations(scope.person_id))
            )
        )
    return or_(*conditions)


def programs_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.read_only:
        return false()
    return programs_managed(scope)


def participants_visible(scope: Scope) -> ColumnElement[bool]:
    """Staff see everyone in the programmes they run; a participant sees themselves
    and the people they are matched with."""
    conditions: list[ColumnElement[bool]] = [
        Participant.program_id.in_(select(Program.id).where(programs_managed(scope)))
    ]
    if scope.person_id is not None:
        own = select(Participant.id).where(_own_participations(scope.person_id))
        partners_of_own = (
            select(Match.mentor_id)
            .where(Match.mentee_id.in_(own))
            .union(select(Match.mentee_id).where(Match.mentor_id.in_(own)))
        )
        conditions.append(_own_participations(scope.person_id))
        conditions.append(Participant.id.in_(partners_of_own))
    return or_(*conditions)


def matches_visible(scope: Scope) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [
        Match.program_id.in_(select(Program.id).where(programs_managed(scope)))
    ]
    if scope.person_id is not None:
        own = select(Participant.id).where(_own_participations(scope.person_id))
        conditions.append(or_(Match.mentor_id.in_(own), Match.mentee_id.in_(own)))
    return or_(*conditions)


def matches_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.read_only:
        return false()
    return Match.program_id.in_(select(Program.id).where(programs_managed(scope)))


def check_ins_writable(scope: Scope) -> ColumnElement[bool]:
    """Check-ins are logged by staff running the programme or by either member of the pair."""
    if scope.read_only:
        return false()
    return matches_visible(scope)
