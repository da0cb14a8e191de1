"""The mentoring area's resources in the change feed, each record as its Read schema shows
it (a match with its health, a school's tier with the cadence it sets, a survey with its
items, a response with its answers, a review with its scores)."""

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, select

from api.access.mentoring import matches_visible, participants_visible, programs_visible
from api.core.feed_registry import (
    FeedResource,
    Parent,
    bodies_reader,
    register,
    rows_reader,
    shaped,
    today,
)
from api.core.scope import Scope
from api.mentoring.models import (
    CheckIn,
    Match,
    Participant,
    Program,
    ProgramSchool,
    Review,
    Survey,
    SurveyResponse,
)
from api.mentoring.schemas.check_ins import CheckInRead
from api.mentoring.schemas.participants import ParticipantRead
from api.mentoring.schemas.program_schools import ProgramSchoolRead
from api.mentoring.schemas.programs import ProgramRead
from api.mentoring.service import matches, program_schools, reviews, survey_responses, surveys

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


def _surveys(scope: Scope) -> Select[Any]:
    return surveys.filtered(scope, surveys.SurveyFilters())


def _responses(scope: Scope) -> Select[Any]:
    return survey_responses.filtered(scope, survey_responses.ResponseFilters())


def _reviews(scope: Scope) -> Select[Any]:
    return reviews.filtered(scope, reviews.ReviewFilters())


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
    FeedResource(
        surveys.RESOURCE,
        Survey,
        "/mentoring/surveys",
        bodies_reader(_surveys, Survey, surveys.bodies),
        ("external_id",),
        IN_PROGRAM,
    ),
    FeedResource(
        survey_responses.RESOURCE,
        SurveyResponse,
        "/mentoring/survey-responses",
        bodies_reader(_responses, SurveyResponse, survey_responses.bodies),
        parent=Parent(surveys.RESOURCE, "survey_id"),
    ),
    FeedResource(
        reviews.RESOURCE,
        Review,
        "/mentoring/reviews",
        bodies_reader(_reviews, Review, reviews.bodies),
        parent=IN_PROGRAM,
    ),
)
