"""Matches: pairs in a programme, their lifecycle and their pair health."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, and_, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.access.mentoring import check_ins_writable, matches_visible, matches_writable
from api.core.crud import create_record, delete_record, get_record, update_record
from api.core.day_spans import days_between
from api.core.errors import Forbidden
from api.core.filtering import Condition, any_of, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.mentoring.models import CheckIn, Match, Participant, Program, ProgramSchool
from api.mentoring.schemas.matches import MatchCreate, MatchRead, MatchUpdate
from api.mentoring.service import programs
from api.mentoring.service.cadence import cadence_sql
from api.mentoring.service.match_places import place_of
from api.mentoring.service.match_rules import CLOSED, check_pair, refuse_transition
from api.mentoring.service.pair_health import pair_health
from api.mentoring.service.places import at
from api.mentoring.service.references import invalid, require_goals
from api.mentoring.vocabulary import OPEN_MATCH_STATUSES, Health, MatchStatus

RESOURCE = "mentoring_matches"
CHECK_INS = "mentoring_check_ins"
DERIVED = ("cadence_days", "health", "days_since_check_in", "next_check_in_due")
STORED = [name for name in MatchRead.model_fields if name not in DERIVED]
Mentee = aliased(Participant, name="mentee")
# Keyset pages need sort keys that are never NULL: a proposed match has no start yet.
SORTABLE = SortOrder.of(Match, "created_at", "updated_at", default="created_at")


@dataclass(frozen=True)
class MatchFilters:
    program_id: Sequence[uuid.UUID] | None = None
    status: Sequence[str] | None = None
    mentor_id: Sequence[uuid.UUID] | None = None
    mentee_id: Sequence[uuid.UUID] | None = None
    health: Sequence[str] | None = None
    updated_since: dt.datetime | None = None


def with_cadence() -> Select[Any]:
    """The match columns and the cadence that holds for the pair."""
    columns = [Match.__table__.c[name] for name in STORED]
    return (
        select(*columns, cadence_sql().label("cadence_days"))
        .select_from(Match)
        .join(Program, Program.id == Match.program_id)
        .join(Mentee, Mentee.id == Match.mentee_id)
        .outerjoin(
            ProgramSchool,
            and_(
                ProgramSchool.program_id == Match.program_id,
                ProgramSchool.school_id == Mentee.school_id,
            ),
        )
    )


def _health_is(health: str, today: dt.date) -> ColumnElement[bool]:
    elapsed = days_between(
        literal(today, Date), func.coalesce(Match.last_check_in_on, Match.started_on)
    )
    active = and_(Match.status == MatchStatus.active.value, Match.started_on.is_not(None))
    due = elapsed >= cadence_sql()
    if health == Health.needs_check_in:
        return and_(active, due)
    if health == Health.too_early:
        return and_(active, ~due, Match.last_check_in_on.is_(None))
    if health == Health.on_track:
        return and_(active, ~due, Match.last_check_in_on.is_not(None))
    return false()


def _health_in(healths: Sequence[str] | None, today: dt.date) -> Condition:
    if not healths:
        return None
    return or_(*(_health_is(health, today) for health in healths))


def filtered(scope: Scope, filters: MatchFilters, today: dt.date) -> Select[Any]:
    return narrowed(
        with_cadence().where(matches_visible(scope)),
        any_of(Match.program_id, filters.program_id),
        any_of(Match.status, filters.status),
        any_of(Match.mentor_id, filters.mentor_id),
        any_of(Match.mentee_id, filters.mentee_id),
        _health_in(filters.health, today),
        since(Match.updated_at, filters.updated_since),
    )


def listed(scope: Scope, filters: MatchFilters, today: dt.date) -> ListQuery:
    return ListQuery(
        filtered(scope, filters, today),
        SORTABLE,
        bodies=lambda rows: [body(row, today) for row in rows],
    )


def body(row: Any, today: dt.date) -> dict[str, Any]:
    values = {name: row[name] for name in STORED} | {"cadence_days": row["cadence_days"]}
    health = pair_health(
        values["status"],
        values["started_on"],
        values["last_check_in_on"],
        row["cadence_days"],
        today,
    )
    return values | {
        "health": health.health,
        "days_since_check_in": health.days_since_check_in,
        "next_check_in_due": health.next_check_in_due,
    }


async def read_match(session: AsyncSession, match_id: uuid.UUID, today: dt.date) -> dict[str, Any]:
    stmt = with_cadence().where(Match.id == match_id)
    row = (await session.execute(stmt)).mappings().one()
    return body(row, today)


async def get_match(session: AsyncSession, scope: Scope, match_id: uuid.UUID) -> Match:
    return await get_record(session, Match, match_id, matches_visible(scope))


async def get_writable_match(session: AsyncSession, scope: Scope, match_id: uuid.UUID) -> Match:
    match = await get_match(session, scope, match_id)
    if (
        await session.scalar(select(Match.id).where(Match.id == match.id, matches_writable(scope)))
        is None
    ):
        raise Forbidden("Only the staff running the programme can change its matches.")
    return match


async def get_loggable_match(session: AsyncSession, scope: Scope, match_id: uuid.UUID) -> Match:
    """A match the caller may log check-ins on: staff running it, or either of the pair."""
    match = await get_match(session, scope, match_id)
    if (
        await session.scalar(
            select(Match.id).where(Match.id == match.id, check_ins_writable(scope))
        )
        is None
    ):
        raise Forbidden("Only the pair or the staff running the programme log its check-ins.")
    return match


def settle_dates(values: dict[str, Any], today: dt.date) -> None:
    """Activation sets started_on, closing sets ended_on (today unless given); neither lies
    ahead. A proposal declined (ended_early) may never have started. end_reason is
    required for ended_early."""
    status = values["status"]
    if status in (MatchStatus.active, MatchStatus.completed) and values["started_on"] is None:
        values["started_on"] = today
    if status in CLOSED and values["ended_on"] is None:
        values["ended_on"] = today
    for field in ("started_on", "ended_on"):
        if values[field] is not None and values[field] > today:
            raise invalid(field, f"{field} is in the future", "date")
    if status not in CLOSED and values["ended_on"] is not None:
        raise invalid("ended_on", "only a completed or ended_early match has ended_on", "date")
    if status == MatchStatus.proposed and values["started_on"] is not None:
        raise invalid("started_on", "a proposed match has not started", "date")
    started, ended = values["started_on"], values["ended_on"]
    if started is not None and ended is not None and started > ended:
        raise invalid("ended_on", "ended_on is before started_on", "date")
    if status == MatchStatus.ended_early and not values["end_reason"]:
        raise invalid("end_reason", "say why the match ended early", "missing")


async def create_match(
    session: AsyncSession, scope: Scope, data: MatchCreate, today: dt.date
) -> Match:
    program = await programs.get_named_program(session, scope, data.program_id)
    if data.status not in OPEN_MATCH_STATUSES:
        raise invalid("status", "a new match is proposed or active")
    values = data.model_dump()
    settle_dates(values, today)
    await check_pair(session, program, data.mentor_id, data.mentee_id, opening=True)
    await require_goals(session, scope, data.goal_ids)
    values["goal_ids"] = [str(goal_id) for goal_id in data.goal_ids]
    match = Match(**values)
    return await create_record(session, match, RESOURCE, at(await place_of(session, match)))


async def update_match(
    session: AsyncSession, scope: Scope, match: Match, patch: MatchUpdate, today: dt.date
) -> bool:
    changes = patch.changes()
    refuse_transition(match.status, changes.get("status", match.status))
    values = {
        name: getattr(match, name) for name in ("status", "started_on", "ended_on", "end_reason")
    }
    values |= {k: v for k, v in changes.items() if k in values}
    settle_dates(values, today)
    first_check_in = await session.scalar(
        select(func.min(CheckIn.held_on)).where(CheckIn.match_id == match.id)
    )
    started = values["started_on"]
    if first_check_in is not None and (started is None or started > first_check_in):
        raise invalid("started_on", f"a check-in was held on {first_check_in}, before it", "date")
    reopening = match.status == MatchStatus.proposed and values["status"] == MatchStatus.active
    if reopening:
        program = await session.get_one(Program, match.program_id)
        await check_pair(
            session, program, match.mentor_id, match.mentee_id, opening=True, match_id=match.id
        )
    if "goal_ids" in changes:
        await require_goals(session, scope, patch.goal_ids or [])
        changes["goal_ids"] = [str(goal_id) for goal_id in patch.goal_ids or []]
    updates = changes | values
    return await update_record(
        session, match, updates, RESOURCE, at(await place_of(session, match))
    )


async def delete_match(session: AsyncSession, match: Match) -> None:
    """The match and its check-ins go, each leaving a tombstone."""
    place = at(await place_of(session, match))
    for check_in in await session.scalars(select(CheckIn).where(CheckIn.match_id == match.id)):
        await delete_record(session, check_in, CHECK_INS, place)
    await delete_record(session, match, RESOURCE, place)
