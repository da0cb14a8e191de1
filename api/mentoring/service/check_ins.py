"""Check-ins (coaching sessions) of a match; the match keeps a summary of them."""

import datetime as dt
import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from api.core.crud import create_record, delete_record, update_record
from api.core.errors import Conflict, NotFound
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.mentoring.models import CheckIn, Match
from api.mentoring.schemas.check_ins import CheckInCreate, CheckInRead, CheckInUpdate
from api.mentoring.service.check_in_summary import refresh_summaries
from api.mentoring.service.match_places import place_of
from api.mentoring.service.matches import CHECK_INS
from api.mentoring.service.places import at
from api.mentoring.service.references import invalid, require_goals
from api.mentoring.vocabulary import MatchStatus

RESOURCE = CHECK_INS
READ_COLUMNS = [CheckIn.__table__.c[name] for name in CheckInRead.model_fields]
SORTABLE = SortOrder.of(CheckIn, "held_on", "created_at", "updated_at", default="-held_on")


def filtered(match: Match) -> Select[Any]:
    return select(*READ_COLUMNS).where(CheckIn.match_id == match.id)


def listed(match: Match) -> ListQuery:
    return ListQuery(filtered(match), SORTABLE)


async def get_check_in(session: AsyncSession, match: Match, check_in_id: uuid.UUID) -> CheckIn:
    check_in = await session.scalar(
        select(CheckIn).where(CheckIn.id == check_in_id, CheckIn.match_id == match.id)
    )
    if check_in is None:
        raise NotFound(f"No check-in with id {check_in_id} in this match.")
    return check_in


def _check_dates(match: Match, held_on: dt.date, today: dt.date) -> None:
    if match.status == MatchStatus.proposed or match.started_on is None:
        raise Conflict("The match has not started; activate it before logging check-ins.")
    if held_on < match.started_on:
        raise invalid("held_on", f"the match started on {match.started_on}, after it", "date")
    if match.ended_on is not None and held_on > match.ended_on:
        raise invalid("held_on", f"the match ended on {match.ended_on}, before it", "date")
    if held_on > today:
        raise invalid("held_on", "log a check-in once it is held", "date")


async def _lock(session: AsyncSession, match: Match) -> None:
    """Serialise writers of one match's check-ins, so its summary stays right."""
    await session.execute(
        select(Match.id).where(Match.id == match.id).with_for_update(key_share=True)
    )


async def _refresh_match(session: AsyncSession, match: Match) -> None:
    summary = (await refresh_summaries(session, [match.id]))[match.id]
    for name, value in asdict(summary).items():
        set_committed_value(match, name, value)


def _stored(data: CheckInCreate) -> dict[str, Any]:
    values = data.model_dump()
    values["goal_ids"] = [str(goal_id) for goal_id in data.goal_ids]
    return values


async def create_check_in(
    session: AsyncSession, scope: Scope, match: Match, data: CheckInCreate, today: dt.date
) -> CheckIn:
    _check_dates(match, data.held_on, today)
    await require_goals(session, scope, data.goal_ids)
    await _lock(session, match)
    check_in = CheckIn(match_id=match.id, program_id=match.program_id, **_stored(data))
    created = await create_record(session, check_in, RESOURCE, at(await place_of(session, match)))
    await _refresh_match(session, match)
    return created


async def update_check_in(
    session: AsyncSession,
    scope: Scope,
    match: Match,
    check_in: CheckIn,
    patch: CheckInUpdate,
    today: dt.date,
) -> bool:
    current = {name: getattr(check_in, name) for name in CheckInCreate.model_fields}
    merged = CheckInCreate.model_validate(current | patch.changes())
    if merged.held_on != check_in.held_on:
        _check_dates(match, merged.held_on, today)
    if "goal_ids" in patch.model_fields_set:
        await require_goals(session, scope, merged.goal_ids)
    await _lock(session, match)
    values = _stored(merged)
    changes = {name: values[name] for name in patch.model_fields_set}
    changed = await update_record(
        session, check_in, changes, RESOURCE, at(await place_of(session, match))
    )
    await _refresh_match(session, match)
    return changed


async def delete_check_in(session: AsyncSession, match: Match, check_in: CheckIn) -> None:
    await _lock(session, match)
    await delete_record(session, check_in, RESOURCE, at(await place_of(session, match)))
    await _refresh_match(session, match)
