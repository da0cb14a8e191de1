"""Whose caseloads a caller may read, as SQL on the mentor's participation.

Staff see every mentor's and coach's caseload in the programmes they run; a mentor
or coach signed in as a person sees their own, in any programme.
"""

from sqlalchemy import ColumnElement, or_, select

from api.access.mentoring import programs_managed
from api.core.scope import Scope
from api.mentoring.models import Participant, Program


def caseloads_visible(scope: Scope) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [
        Participant.program_id.in_(select(Program.id).where(programs_managed(scope)))
    ]
    if scope.person_id is not None:
        conditions.append(Participant.person_id == scope.person_id)
    return or_(*conditions)
