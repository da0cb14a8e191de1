"""The mentoring area's resources in the change feed.

The area's Read schemas are not on main yet: until they are, a record shows its table's
columns; swap `columns_of(Program)` for `shaped(ProgramRead)` (and the like) when they land.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from api.access.mentoring import matches_visible, participants_visible, programs_visible
from api.core.feed_registry import FeedResource, Parent, columns_of, register, rows_reader
from api.core.scope import Scope
from api.mentoring.models import CheckIn, Match, Participant, Program, ProgramSchool


def _where(model: Any, visible: Callable[[Scope], ColumnElement[bool]]) -> Any:
    def statement(scope: Scope) -> Select[Any]:
        return select(*model.__table__.columns).where(visible(scope))

    return statement


def _programs_visible_by(model: Any) -> Callable[[Scope], ColumnElement[bool]]:
    return lambda scope: model.program_id.in_(select(Program.id).where(programs_visible(scope)))


def _check_ins_visible(scope: Scope) -> ColumnElement[bool]:
    return CheckIn.match_id.in_(select(Match.id).where(matches_visible(scope)))


def _entry(
    resource: str,
    model: Any,
    collection: str,
    visible: Callable[[Scope], ColumnElement[bool]],
    keys: tuple[str, ...] = (),
    parent: Parent | None = None,
) -> FeedResource:
    reader = rows_reader(_where(model, visible), model, columns_of(model))
    return FeedResource(resource, model, collection, reader, keys, parent)


PROGRAMS = "mentoring_programs"
MATCHES = "mentoring_matches"

register(
    _entry(PROGRAMS, Program, "/mentoring/programs", programs_visible, ("external_id",)),
    _entry(
        "mentoring_program_schools",
        ProgramSchool,
        "/mentoring/programs/{parent_id}/schools",
        _programs_visible_by(ProgramSchool),
        parent=Parent(PROGRAMS, "program_id"),
    ),
    _entry(
        "mentoring_participants",
        Participant,
        "/mentoring/participants",
        participants_visible,
        ("external_id",),
        Parent(PROGRAMS, "program_id"),
    ),
    _entry(
        MATCHES,
        Match,
        "/mentoring/matches",
        matches_visible,
        ("external_id",),
        Parent(PROGRAMS, "program_id"),
    ),
    _entry(
        "mentoring_check_ins",
        CheckIn,
        "/mentoring/matches/{parent_id}/check-ins",
        _check_ins_visible,
        parent=Parent(MATCHES, "match_id"),
    ),
)
