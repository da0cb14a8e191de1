"""Survey instruments with their ordered items, written together."""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.mentoring_feedback import (
    programs_for_instruments,
    surveys_visible,
    surveys_writable,
)
from api.core import nested_records
from api.core.crud import get_writable_record
from api.core.errors import Conflict, Unprocessable, body_error
from api.core.filtering import any_of, containing, holds, narrowed, since
from api.core.listing import ListQuery
from api.core.nested_rows import rows_by_parent
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.mentoring.models import Program, Survey, SurveyItem, SurveyResponse
from api.mentoring.schemas.surveys import SurveyCreate, SurveyItemInput, SurveyUpdate
from api.mentoring.service import feedback_events as events

RESOURCE = "mentoring_surveys"
SCALARS = ("name", "description", "program_id", "external_id")
STORED = [
    Survey.__table__.c[name] for name in ("id", "created_at", "updated_at", "version", *SCALARS)
]
CSV_COLUMNS = ["id", *SCALARS, "item_count", "version", "created_at", "updated_at"]
ITEM_FIELDS = ("id", "position", "text", "outcome_level")
SORTABLE = SortOrder.of(Survey, "name", "created_at", "updated_at", default="name")


@dataclass(frozen=True)
class SurveyFilters:
    program_id: list[uuid.UUID] | None = None
    shared: bool | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def filtered(scope: Scope, filters: SurveyFilters) -> Select[Any]:
    return narrowed(
        select(*STORED).where(surveys_visible(scope)),
        any_of(Survey.program_id, filters.program_id),
        holds(Survey.program_id.is_(None), filters.shared),
        containing(filters.q, Survey.name),
        since(Survey.updated_at, filters.updated_since),
    )


def listed(session: AsyncSession, scope: Scope, filters: SurveyFilters) -> ListQuery:
    item_count = (
        select(func.count(SurveyItem.id))
        .where(SurveyItem.survey_id == Survey.id)
        .scalar_subquery()
        .label("item_count")
    )
    stmt = filtered(scope, filters)
    export = stmt.add_columns(item_count)
    return ListQuery(stmt, SORTABLE, export=export, bodies=partial(bodies, session))


async def items_of(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    columns = [getattr(SurveyItem, name) for name in ITEM_FIELDS]
    return await rows_by_parent(
        session,
        select(SurveyItem.survey_id, *columns)
        .where(SurveyItem.survey_id.in_(ids))
        .order_by(SurveyItem.survey_id, SurveyItem.position),
        "survey_id",
    )


async def bodies(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    items = await items_of(session, [row["id"] for row in rows])
    return [dict(row) | {"items": items.get(row["id"], [])} for row in rows]


async def read_survey(session: AsyncSession, scope: Scope, survey_id: uuid.UUID) -> dict[str, Any]:
    return await listed(session, scope, SurveyFilters()).one(session, survey_id, "survey")


async def get_writable_survey(session: AsyncSession, scope: Scope, survey_id: uuid.UUID) -> Survey:
    """404 outside what the caller sees; 403 for what they see but may not change."""
    return await get_writable_record(
        session,
        Survey,
        survey_id,
        surveys_visible(scope),
        surveys_writable(scope),
        "You can read this survey but not change it: an instrument of no programme "
        "is changed by administrators, a programme's by the staff who run it.",
    )


async def check_program(session: AsyncSession, scope: Scope, program_id: uuid.UUID | None) -> None:
    """A programme's instrument is made by its staff; one of no programme by administrators."""
    if program_id is None:
        if not scope.everything:
            raise Unprocessable(
                "Only administrators make instruments for every programme; name your programme.",
                errors=[body_error(["program_id"], "required unless you are an administrator")],
            )
        return
    found = await session.scalar(
        select(Program.id).where(Program.id == program_id, programs_for_instruments(scope))
    )
    if found is None:
        raise Unprocessable(
            "The survey names a programme outside your scope.",
            errors=[body_error(["program_id"], "no such programme in your scope")],
        )


async def _check_external_id(
    session: AsyncSession, external_id: str | None, survey_id: uuid.UUID | None = None
) -> None:
    if external_id is None:
        return
    taken = await session.scalar(
        select(Survey.id).where(Survey.external_id == external_id, Survey.id != survey_id)
        if survey_id
        else select(Survey.id).where(Survey.external_id == external_id)
    )
    if taken is not None:
        raise Conflict(
            f"Another survey already has external_id {external_id!r}.", field="external_id"
        )


def _item_rows(survey_id: uuid.UUID, items: Sequence[SurveyItemInput]) -> list[SurveyItem]:
    return [
        SurveyItem(
            **({"id": item.id} if item.id else {}),
            survey_id=survey_id,
            position=position,
            text=item.text,
            outcome_level=item.outcome_level.value,
        )
        for position, item in enumerate(items, start=1)
    ]


async def _place_of(session: AsyncSession, program_id: uuid.UUID | None) -> dict[str, Any]:
    if program_id is None:
        return events.place_at(None)
    district_id = await session.scalar(select(Program.district_id).where(Program.id == program_id))
    return events.place_at(district_id)


def _plain_items(items: Sequence[SurveyItem]) -> list[dict[str, Any]]:
    return [{name: getattr(item, name) for name in ITEM_FIELDS} for item in items]


async def create_survey(session: AsyncSession, scope: Scope, data: SurveyCreate) -> Survey:
    if any(item.id is not None for item in data.items):
        raise Unprocessable(
            "A new survey's items are new: leave out their ids.",
            errors=[
                body_error(["items", i, "id"], "only on update", "extra")
                for i, item in enumerate(data.items)
                if item.id is not None
            ],
        )
    await check_program(session, scope, data.program_id)
    await _check_external_id(session, data.external_id)
    survey = Survey(**{name: getattr(data, name) for name in SCALARS})
    session.add(survey)
    await session.flush()
    items = _item_rows(survey.id, data.items)
    session.add_all(items)
    place = await _place_of(session, data.program_id)
    await nested_records.record_created(
        session, survey, {"items": _plain_items(items)}, RESOURCE, place, events.FREE_TEXT
    )
    return survey


async def _response_count(session: AsyncSession, survey_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey_id)
    )
    return int(count or 0)


async def _current_items(session: AsyncSession, survey_id: uuid.UUID) -> list[SurveyItem]:
    return list(
        await session.scalars(
            select(SurveyItem)
            .where(SurveyItem.survey_id == survey_id)
            .order_by(SurveyItem.position)
        )
    )


def _unknown_item_ids(current: Sequence[SurveyItem], items: Sequence[SurveyItemInput]) -> None:
    known = {item.id for item in current}
    errors = [
        body_error(["items", i, "id"], "not an item of this survey")
        for i, item in enumerate(items)
        if item.id is not None and item.id not in known
    ]
    if errors:
        raise Unprocessable("An item names an id this survey does not have.", errors=errors)


def _same_items(current: Sequence[SurveyItem], items: Sequence[SurveyItemInput]) -> bool:
    return [(i.id, i.text, i.outcome_level) for i in current] == [
        (i.id, i.text, i.outcome_level.value) for i in items
    ]


async def _replace_items(
    session: AsyncSession, survey: Survey, items: Sequence[SurveyItemInput]
) -> list[list[dict[str, Any]]] | None:
    """Replace the items in order; [before, after] when they changed, else None.

    Items change only while no one has answered: a response's scores mean what the
    items said when it was given.
    """
    current = await _current_items(session, survey.id)
    _unknown_item_ids(current, items)
    if _same_items(current, items):
        return None
    answered = await _response_count(session, survey.id)
    if answered:
        raise Conflict(
            f"The survey has {answered} response(s), so its items no longer change: they "
            "say what the respondents answered. Make a new survey for new items.",
            responses=answered,
        )
    before = _plain_items(current)
    # Rewritten whole: kept ids keep their rows' identity, and positions never collide.
    for item in current:
        await session.delete(item)
    await session.flush()
    rows = _item_rows(survey.id, items)
    session.add_all(rows)
    await session.flush()
    return [before, _plain_items(rows)]


async def update_survey(
    session: AsyncSession, scope: Scope, survey: Survey, patch: SurveyUpdate
) -> bool:
    changes = patch.changes()
    if "program_id" in changes and changes["program_id"] != survey.program_id:
        await check_program(session, scope, changes["program_id"])
        if await _response_count(session, survey.id):
            raise Conflict(
                "The survey has responses from its programme; it cannot move to another.",
                field="program_id",
            )
    if "external_id" in changes:
        await _check_external_id(session, changes["external_id"], survey.id)
    nested: dict[str, list[Any]] = {}
    if patch.items is not None:
        replaced = await _replace_items(session, survey, patch.items)
        if replaced is not None:
            nested["items"] = replaced
    columns = {name: changes[name] for name in SCALARS if name in changes}
    place = await _place_of(session, columns.get("program_id", survey.program_id))
    return await nested_records.save_changes(
        session, survey, columns, nested, RESOURCE, place, events.FREE_TEXT
    )


async def delete_survey(session: AsyncSession, survey: Survey) -> None:
    answered = await _response_count(session, survey.id)
    if answered:
        raise Conflict(
            f"The survey has {answered} response(s); delete them first, or keep the survey.",
            responses=answered,
        )
    await nested_records.delete_with_event(
        session, survey, RESOURCE, await _place_of(session, survey.program_id)
    )
