"""Survey responses: a participant's 1-5 answers to an instrument's items."""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.mentoring_feedback import (
    participants_answering,
    responses_visible,
    responses_writable,
    surveys_visible,
)
from api.core import nested_records
from api.core.crud import get_writable_record
from api.core.errors import Conflict, Unprocessable, body_error
from api.core.filtering import any_of, narrowed, since
from api.core.listing import ListQuery
from api.core.nested_rows import rows_by_parent
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.mentoring.models import (
    Participant,
    Program,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from api.mentoring.schemas.survey_responses import (
    AnswerInput,
    SurveyResponseCreate,
    SurveyResponseUpdate,
)
from api.mentoring.service import feedback_events as events
from api.mentoring.service.answer_totals import keep_answer_totals
from api.mentoring.service.outcome_totals import refresh_answer_totals

RESOURCE = "mentoring_survey_responses"
SCALARS = ("phase", "responded_on", "comment")
STORED = [
    SurveyResponse.__table__.c[name]
    for name in (
        "id",
        "created_at",
        "updated_at",
        "version",
        "survey_id",
        "participant_id",
        "program_id",
        *SCALARS,
    )
]
CSV_COLUMNS = [
    "id",
    "survey_id",
    "participant_id",
    "program_id",
    "phase",
    "responded_on",
    "comment",
    "answers",
    "version",
    "updated_at",
]
SORTABLE = SortOrder.of(
    SurveyResponse, "responded_on", "created_at", "updated_at", default="responded_on"
)


@dataclass(frozen=True)
class ResponseFilters:
    survey_id: list[uuid.UUID] | None = None
    program_id: list[uuid.UUID] | None = None
    participant_id: list[uuid.UUID] | None = None
    phase: Sequence[str] | None = None
    updated_since: dt.datetime | None = None


def filtered(scope: Scope, filters: ResponseFilters) -> Select[Any]:
    return narrowed(
        select(*STORED).where(responses_visible(scope)),
        any_of(SurveyResponse.survey_id, filters.survey_id),
        any_of(SurveyResponse.program_id, filters.program_id),
        any_of(SurveyResponse.participant_id, filters.participant_id),
        any_of(SurveyResponse.phase, filters.phase),
        since(SurveyResponse.updated_at, filters.updated_since),
    )


def _answers_text() -> Any:
    """Each answer as `position:score`, `;` between them: one cell per response."""
    pair = cast(SurveyItem.position, String) + ":" + cast(SurveyAnswer.score, String)
    return (
        select(func.aggregate_strings(pair, ";"))
        .select_from(SurveyAnswer)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
        .where(SurveyAnswer.response_id == SurveyResponse.id)
        .scalar_subquery()
        .label("answers")
    )


def listed(session: AsyncSession, scope: Scope, filters: ResponseFilters) -> ListQuery:
    stmt = filtered(scope, filters)
    export = stmt.add_columns(_answers_text())
    return ListQuery(stmt, SORTABLE, export=export, bodies=partial(bodies, session))


async def answers_of(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    return await rows_by_parent(
        session,
        select(SurveyAnswer.response_id, SurveyAnswer.item_id, SurveyAnswer.score)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
        .where(SurveyAnswer.response_id.in_(ids))
        .order_by(SurveyAnswer.response_id, SurveyItem.position),
        "response_id",
    )


async def bodies(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    answers = await answers_of(session, [row["id"] for row in rows])
    return [dict(row) | {"answers": answers.get(row["id"], [])} for row in rows]


async def read_response(
    session: AsyncSession, scope: Scope, response_id: uuid.UUID
) -> dict[str, Any]:
    return await listed(session, scope, ResponseFilters()).one(
        session, response_id, "survey response"
    )


async def get_writable_response(
    session: AsyncSession, scope: Scope, response_id: uuid.UUID
) -> SurveyResponse:
    return await get_writable_record(
        session,
        SurveyResponse,
        response_id,
        responses_visible(scope),
        responses_writable(scope),
        "You can read this response but not change it.",
    )


async def _participant(
    session: AsyncSession, scope: Scope, participant_id: uuid.UUID
) -> Participant:
    participant = await session.scalar(
        select(Participant).where(Participant.id == participant_id, participants_answering(scope))
    )
    if participant is None:
        raise Unprocessable(
            "The response names a participant outside your scope.",
            errors=[body_error(["participant_id"], "no such participant in your scope")],
        )
    return participant


async def _check_survey(
    session: AsyncSession, scope: Scope, survey_id: uuid.UUID, program_id: uuid.UUID
) -> None:
    survey = await session.scalar(
        select(Survey).where(Survey.id == survey_id, surveys_visible(scope))
    )
    if survey is None:
        raise Unprocessable(
            "The response names a survey outside your scope.",
            errors=[body_error(["survey_id"], "no such survey in your scope")],
        )
    if survey.program_id is not None and survey.program_id != program_id:
        raise Unprocessable(
            "The survey belongs to another programme than the participant's.",
            errors=[body_error(["survey_id"], "a survey of another programme", "program")],
        )


async def _check_answers(
    session: AsyncSession, survey_id: uuid.UUID, answers: Sequence[AnswerInput]
) -> None:
    items = set(
        await session.scalars(select(SurveyItem.id).where(SurveyItem.survey_id == survey_id))
    )
    errors = [
        body_error(["answers", i, "item_id"], "not an item of this survey")
        for i, answer in enumerate(answers)
        if answer.item_id not in items
    ]
    if errors:
        raise Unprocessable("An answer names an item the survey does not have.", errors=errors)


async def _place(
    session: AsyncSession, program_id: uuid.UUID, participant_id: uuid.UUID
) -> dict[str, Any]:
    district_id = await session.scalar(select(Program.district_id).where(Program.id == program_id))
    school_id = await session.scalar(
        select(Participant.school_id).where(Participant.id == participant_id)
    )
    return events.place_at(district_id, school_id)


async def _refuse_second_phase(
    session: AsyncSession,
    survey_id: uuid.UUID,
    participant_id: uuid.UUID,
    phase: str | None,
    response_id: uuid.UUID | None = None,
) -> None:
    """One `pre` and one `post` per participant and survey: the growth a pair of them
    shows is only honest when each side is a single answer."""
    if phase is None:
        return
    stmt = select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey_id,
        SurveyResponse.participant_id == participant_id,
        SurveyResponse.phase == phase,
    )
    if response_id is not None:
        stmt = stmt.where(SurveyResponse.id != response_id)
    existing = await session.scalar(stmt.limit(1))
    if existing is not None:
        raise Conflict(
            f"The participant already has a {phase} response to this survey; change that one.",
            existing_id=str(existing),
        )


def _plain(answers: Sequence[AnswerInput]) -> list[dict[str, Any]]:
    return [{"item_id": a.item_id, "score": a.score} for a in answers]


async def create_response(
    session: AsyncSession, scope: Scope, data: SurveyResponseCreate
) -> SurveyResponse:
    participant = await _participant(session, scope, data.participant_id)
    await _check_survey(session, scope, data.survey_id, participant.program_id)
    await _check_answers(session, data.survey_id, data.answers)
    phase = data.phase.value if data.phase else None
    await _refuse_second_phase(session, data.survey_id, participant.id, phase)
    response = SurveyResponse(
        survey_id=data.survey_id,
        participant_id=participant.id,
        program_id=participant.program_id,
        phase=phase,
        responded_on=data.responded_on,
        comment=data.comment,
    )
    session.add(response)
    await session.flush()
    session.add_all(
        SurveyAnswer(response_id=response.id, item_id=a.item_id, score=a.score)
        for a in data.answers
    )
    await session.flush()
    await keep_answer_totals(session, [response.id])
    await refresh_answer_totals(session, [participant.id])
    place = await _place(session, participant.program_id, participant.id)
    await nested_records.record_created(
        session, response, {"answers": _plain(data.answers)}, RESOURCE, place, events.FREE_TEXT
    )
    return response


async def _replace_answers(
    session: AsyncSession, response: SurveyResponse, answers: Sequence[AnswerInput]
) -> list[list[dict[str, Any]]] | None:
    await _check_answers(session, response.survey_id, answers)
    current = list(
        await session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id == response.id))
    )
    before = {a.item_id: a.score for a in current}
    if before == {a.item_id: a.score for a in answers}:
        return None
    for answer in current:
        await session.delete(answer)
    await session.flush()
    session.add_all(
        SurveyAnswer(response_id=response.id, item_id=a.item_id, score=a.score) for a in answers
    )
    await session.flush()
    await keep_answer_totals(session, [response.id])
    plain_before = [{"item_id": k, "score": v} for k, v in before.items()]
    return [plain_before, _plain(answers)]


async def update_response(
    session: AsyncSession, response: SurveyResponse, patch: SurveyResponseUpdate
) -> bool:
    changes = patch.changes()
    columns = {name: changes[name] for name in SCALARS if name in changes}
    if columns.get("phase") is not None:
        columns["phase"] = str(columns["phase"])
        await _refuse_second_phase(
            session, response.survey_id, response.participant_id, columns["phase"], response.id
        )
    nested: dict[str, list[Any]] = {}
    if patch.answers is not None:
        replaced = await _replace_answers(session, response, patch.answers)
        if replaced is not None:
            nested["answers"] = replaced
    place = await _place(session, response.program_id, response.participant_id)
    changed = await nested_records.save_changes(
        session, response, columns, nested, RESOURCE, place, events.FREE_TEXT
    )
    if changed:
        await refresh_answer_totals(session, [response.participant_id])
    return changed


async def delete_response(session: AsyncSession, response: SurveyResponse) -> None:
    place = await _place(session, response.program_id, response.participant_id)
    participant_id = response.participant_id
    await nested_records.delete_with_event(session, response, RESOURCE, place)
    await refresh_answer_totals(session, [participant_id])
