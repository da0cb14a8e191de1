"""Import readings from a CSV file, in sets.

- Every line is checked before anything is written: its fields, its goal (which the
  caller must be able to change, and which must not be dropped), and that no earlier
  line has the same goal, date and source. With `atomic` one bad line refuses the
  file (422 listing every bad line); without it the good lines are written and the
  bad ones reported.
- A reading is keyed by goal, date and source: a line matching a stored reading updates
  its value and note when they differ and is otherwise left alone, so importing the
  same file twice changes nothing the second time.
- A few statements whatever the size: goals and stored readings read in chunks
  (arrays on PostgreSQL), new readings inserted and changed ones updated at once, the
  touched goals' latest readings recomputed in one UPDATE, one event per written reading.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, bindparam, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.goals import goals_writable
from api.core.collection import collector_paused
from api.core.db import utcnow
from api.core.errors import Unprocessable
from api.core.events import Operation
from api.core.records import new_id
from api.core.scope import Scope
from api.core.unnest import any_of
from api.goals.models import Goal
from api.goals.schemas.measurements import ImportLineError, MeasurementImportResult
from api.goals.service.latest_reading import GOALS, READINGS, refresh_latest
from api.goals.service.measurement_csv import (
    ColumnMap,
    LineError,
    ParsedFile,
    ParsedLine,
    parse_measurements,
)
from api.goals.service.measurement_writes import (
    Change,
    append_events,
    insert_readings,
    update_readings,
)
from api.goals.service.measurements import RESOURCE
from api.goals.vocabulary import GoalStatus

CHUNK = 5000  # values per IN list on SQLite, which takes 32,766 bound values
T = TypeVar("T")
Key = tuple[uuid.UUID, dt.date, str]


@dataclass(frozen=True)
class _Goal:
    id: uuid.UUID
    external_id: str | None
    status: str
    district_id: uuid.UUID
    school_id: uuid.UUID | None


@dataclass
class _Plan:
    """What the good lines will write."""

    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    events: list[Change] = field(default_factory=list)
    goals: set[uuid.UUID] = field(default_factory=set)


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def _goals(
    session: AsyncSession, scope: Scope, lines: Sequence[ParsedLine]
) -> tuple[dict[uuid.UUID, _Goal], dict[str, _Goal]]:
    """The goals the lines name that the caller may change, by id and by external id.

    On PostgreSQL one statement finds them and takes the lock `lock_goals` takes, in id
    order as it does, so concurrent imports of the same goals queue instead of deadlocking.
    """
    # Unsorted: ordering 100,000 UUIDs in Python costs seconds and the database needs no order.
    ids = list({line.goal_id for line in lines if line.goal_id})
    external = list({e for line in lines if (e := line.goal_external_id)})
    columns = (Goal.id, Goal.external_id, Goal.status, Goal.district_id, Goal.school_id)
    found: list[_Goal] = []
    if _is_postgres(session):
        among = or_(
            any_of(GOALS.c.id, ids, "named_ids"),
            any_of(GOALS.c.external_id, external, "named_external_ids"),
        )
        stmt = select(*columns).where(among, goals_writable(scope)).order_by(GOALS.c.id)
        rows = await session.execute(stmt.with_for_update(key_share=True))
        found = [_Goal(*row) for row in rows]
    else:
        named_by: list[tuple[Sequence[Any], ColumnElement[Any]]] = [
            (ids, GOALS.c.id),
            (external, GOALS.c.external_id),
        ]
        for named, column in named_by:
            for chunk in _chunks(named):
                statement = select(*columns).where(column.in_(chunk), goals_writable(scope))
                found += [_Goal(*row) for row in await session.execute(statement)]
    return {g.id: g for g in found}, {g.external_id: g for g in found if g.external_id}


def _stored_statements(session: AsyncSession, keys: Sequence[Key]) -> Iterator[Any]:
    if _is_postgres(session):
        wanted = (
            func.unnest(
                bindparam("key_goal", [k[0] for k in keys], type_=ARRAY(READINGS.c.goal_id.type)),
                bindparam(
                    "key_date", [k[1] for k in keys], type_=ARRAY(READINGS.c.measured_on.type)
                ),
                bindparam("key_source", [k[2] for k in keys], type_=ARRAY(READINGS.c.source.type)),
            )
            .table_valued("goal_id", "measured_on", "source")
            .render_derived(name="wanted")
        )
        yield select(READINGS).join(
            wanted,
            (READINGS.c.goal_id == wanted.c.goal_id)
            & (READINGS.c.measured_on == wanted.c.measured_on)
            & (READINGS.c.source == wanted.c.source),
        )
        return
    key = tuple_(READINGS.c.goal_id, READINGS.c.measured_on, READINGS.c.source)
    for chunk in _chunks(keys):
        yield select(READINGS).where(key.in_(list(chunk)))


async def _stored(session: AsyncSession, keys: Sequence[Key]) -> dict[Key, dict[str, Any]]:
    stored: dict[Key, dict[str, Any]] = {}
    if not keys:
        return stored
    for stmt in _stored_statements(session, keys):
        for row in (await session.execute(stmt)).mappings():
            stored[(row["goal_id"], row["measured_on"], row["source"])] = dict(row)
    return stored


def _resolve(
    parsed: ParsedFile,
    by_id: dict[uuid.UUID, _Goal],
    by_external: dict[str, _Goal],
    columns: ColumnMap,
) -> list[tuple[ParsedLine, _Goal]]:
    """Each good line with its goal; the others refused into `parsed.errors`."""
    kept: list[tuple[ParsedLine, _Goal]] = []
    first_line: dict[Key, int] = {}
    for line in parsed.lines:
        if line.goal_id is not None:
            goal, column = by_id.get(line.goal_id), columns.goal_id
        else:
            goal, column = by_external.get(line.goal_external_id or ""), columns.goal_external_id
        if goal is None:
            message = "names no goal that you may change"
            parsed.errors.append(LineError(line.line, column, message, "not_found"))
            continue
        if goal.status == GoalStatus.dropped:
            message = "names a dropped goal, which takes no readings"
            parsed.errors.append(LineError(line.line, column, message, "conflict"))
            continue
        key = (goal.id, line.measured_on, line.source)
        if key in first_line:
            message = f"repeats the goal, date and source of line {first_line[key]}"
            parsed.errors.append(LineError(line.line, "row", message, "duplicate"))
            continue
        first_line[key] = line.line
        kept.append((line, goal))
    return kept


def _plan(
    lines: Sequence[tuple[ParsedLine, _Goal]],
    stored: dict[Key, dict[str, Any]],
    has_notes: bool,
) -> _Plan:
    plan = _Plan()
    now = utcnow()
    for line, goal in lines:
        record = stored.get((goal.id, line.measured_on, line.source))
        if record is None:
            reading_id = new_id()
            reading = {
                "id": reading_id,
                "goal_id": goal.id,
                "measured_on": line.measured_on,
                "value": line.value,
                "source": line.source,
                "note": line.note,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            plan.new.append(reading)
            changes = {name: [None, value] for name, value in reading.items()}
            plan.events.append(
                Change(reading_id, Operation.create, 1, changes, goal.district_id, goal.school_id)
            )
            plan.goals.add(goal.id)
            continue
        after = {"value": line.value} | ({"note": line.note} if has_notes else {})
        diff = {name: [record[name], v] for name, v in after.items() if record[name] != v}
        if not diff:
            plan.unchanged += 1
            continue
        version = record["version"] + 1
        plan.changed.append(
            {"id": record["id"], "value": line.value, "updated_at": now, "version": version}
            | {"note": line.note if has_notes else record["note"]}
        )
        plan.events.append(
            Change(record["id"], Operation.update, version, diff, goal.district_id, goal.school_id)
        )
        plan.goals.add(goal.id)
    return plan


async def _write(session: AsyncSession, plan: _Plan) -> None:
    await update_readings(session, plan.changed)
    await insert_readings(session, plan.new)
    await refresh_latest(session, plan.goals)
    await append_events(session, RESOURCE, plan.events)


def _answer(errors: list[LineError]) -> list[ImportLineError]:
    return [
        ImportLineError(line=e.line, field=e.field, message=e.message, type=e.type)
        for e in sorted(errors, key=lambda e: e.line)
    ]


def _refusal(errors: list[LineError]) -> Unprocessable:
    lines = len({e.line for e in errors})
    return Unprocessable(
        f"{lines} line(s) of the file are bad; with atomic=true nothing was written.",
        errors=[
            {"loc": ["body", "line", e.line, e.field], "msg": e.message, "type": e.type}
            for e in sorted(errors, key=lambda e: e.line)
        ],
    )


async def import_measurements(
    session: AsyncSession,
    scope: Scope,
    text: str,
    columns: ColumnMap,
    *,
    atomic: bool,
    progress: Callable[[int], None] | None = None,
) -> MeasurementImportResult:
    """Import the file's readings in the session's transaction (the caller commits).

    With `atomic`, any bad line raises Unprocessable listing every bad line, and nothing
    is written. `progress` is told how many more lines were read, as they are.
    """
    with collector_paused():
        parsed = parse_measurements(text, columns, progress)
        by_id, by_external = await _goals(session, scope, parsed.lines)
        lines = _resolve(parsed, by_id, by_external, columns)
        if atomic and parsed.errors:
            raise _refusal(parsed.errors)
        keys = [(goal.id, line.measured_on, line.source) for line, goal in lines]
        plan = _plan(lines, await _stored(session, keys), parsed.has_notes)
        await _write(session, plan)
    return MeasurementImportResult(
        atomic=atomic,
        created=len(plan.new),
        updated=len(plan.changed),
        unchanged=plan.unchanged,
        failed=len({e.line for e in parsed.errors}),
        errors=_answer(parsed.errors),
    )
