"""The mentoring area's resources in the change feed, each record as its Read schema shows
it (a match with its health, a school's tier with the cadence it sets)."""

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, select

from api.access.mentoring import matches_visible, participants_visible, programs_visible
from api.core.feed_registry import FeedResource, Parent, register, rows_reader, shaped, today
from api.core.scope import Scope
from api.mentoring.models import CheckIn, Match, Participant, Program, ProgramSchool
from api.mentoring.schemas.check_ins import CheckInRead
from api.mentoring.schemas.participants import ParticipantRead
from api.mentoring.schemas.program_schools import ProgramSchoolRead
from api.mentoring.schemas.programs import ProgramRead
from api.mentoring.service import matches, program_schools

Visible = Callable[[Scope], ColumnElement[bool]]


def _where(model: Any, visible: Visible) -> Any:
    def statement(scope: Scope) -> Select[Any]:
        return select(*model.__table__.columns).where(visible(scope))

    return statement


def _programs_visible_by(model: Any) -> Visible:
    return lambda scope: model.program_id.in_(select(Program.id).where(programs_visible(scope)))


def _check_ins_visible(scope: Scope) -> ColumnElement[bool]:
    return CheckIn.match_id.in_(select(Match.id).where(matches_visible(scope)))


def _tiers(scope: Scope) -> Select[Any]:
    return program_schools.with_effective().where(_programs_visible_by(ProgramSchool)(scope))


def _matches(scope: Scope) -> Select[Any]:
    return matches.filtered(scope, matches.MatchFilters(), today())


def _match_body(row: Mapping[str, Any]) -> dict[str, Any]:
    return matches.body(row, today())


def _entry(
    resource: str,
    model: Any,
    read: type[BaseModel],
    collection: str,
    visible: Visible,
    keys: tuple[str, ...] = (),
    parent: Parent | None = None,
) -> FeedResource:
    reader = rows_reader(_where(model, visible), model, shaped(read))
    return FeedResource(resource, model, collection, reader, keys, parent)


PROGRAMS = "mentoring_programs"
IN_PROGRAM = Parent(PROGRAMS, "program_id")

register(
    _entry(
        PROGRAMS, Program, ProgramRead, "/mentoring/programs", programs_visible, ("external_id",)
    ),
    FeedResource(
        program_schools.RESOURCE,
        ProgramSchool,
        "/mentoring/programs/{parent_id}/schools",
        rows_reader(_tiers, ProgramSchool, shaped(ProgramSchoolRead)),
        parent=IN_PROGRAM,
    ),
    _entry(
        "mentoring_participants",
        Participant,
        ParticipantRead,
        "/mentoring/participants",
        participants_visible,
        ("external_id",),
        IN_PROGRAM,
    ),
    FeedResource(
        matches.RESOURCE,
        Match,
        "/mentoring/matches",
        rows_reader(_matches, Match, _match_body),
        ("external_id",),
        IN_PROGRAM,
    ),
    _entry(
        "mentoring_check_ins",
        CheckIn,
        CheckInRead,
        "/mentoring/matches/{parent_id}/check-ins",
        _check_ins_visible,
        parent=Parent(matches.RESOURCE, "match_id"),
    ),
)
