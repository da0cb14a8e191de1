"""Bulk upsert in sets: a batch of rows is read, checked and written with a few statements.

The answer is the one writing the rows one after another would give: each row sees the
rows before it (a natural key repeated in the batch updates the record an earlier row
made), a failed row changes nothing, and the events are those of the row-by-row writes.
To get there the batch is played in memory first, against every stored record that one
of its ids or natural keys can reach (read in one query per 5,000 rows), and only the final
state of each record is written: new records with one INSERT, changed ones with one
UPDATE per set of changed columns, the events at commit as every write's are.

An area says what is its own by subclassing `BulkRows`: its row schema, its natural
keys, its scope (read for the whole batch in `prepare`) and its rules for a new row and
for a row that changes a record.
"""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import ColumnElement, Table, bindparam, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.collection import collector_paused
from api.core.crud import event_changes, problem_as_row_errors, validation_as_row_errors
from api.core.db import utcnow
from api.core.errors import NotFound, Problem, Unprocessable
from api.core.events import Operation, PendingEvent, record_event
from api.core.records import new_id
from api.core.schemas import BulkResult, BulkRowResult
from api.core.unnest import any_of, insert_rows, update_rows

RowT = TypeVar("RowT", bound=BaseModel)
Record = dict[str, Any]
READ_CHUNK = 5000
# Two-key advisory locks, apart from the idempotency keys' class (1).
BULK_LOCK_CLASS = 2
# Every new record's own, set by `_new_record` whatever the column defaults say.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})
OUT_OF_SCOPE = [{"loc": [], "msg": "no such record in your scope", "type": NotFound.slug}]
CONFLICT = [{"loc": [], "msg": "conflicts with an existing record", "type": "conflict"}]


class KeyTaken(Exception):
    """The row would give a record an id or natural key another record holds."""


class BulkRows(Generic[RowT]):
    """One area's rules for a batch; the set mechanics are `bulk_upsert`'s."""

    model: ClassVar[Any]
    resource: ClassVar[str]
    schema: ClassVar[type[BaseModel]]
    keys: ClassVar[tuple[str, ...]] = ()
    """Natural keys tried after `id`, in order; each a unique column."""

    def validate(self, raw: Any) -> RowT:
        return self.schema.model_validate(raw)  # type: ignore[return-value]

    async def prepare(
        self, session: AsyncSession, rows: Sequence[RowT], stored: Sequence[Record]
    ) -> None:
        """Read what the rules need for the whole batch, e.g. which stored records are in
        the caller's scope."""

    def check(self, record: Record, made_here: bool) -> None:
        """Raise NotFound or Forbidden when the caller may not change the record a row
        matched; `made_here` when an earlier row of the batch created it."""

    def create(self, row: RowT) -> Record:
        """The column values of the record a row creates (raise a Problem to refuse it)."""
        raise NotImplementedError

    def update(self, record: Record, row: RowT) -> Record:
        """The values a row gives a record; only those that differ are written."""
        raise NotImplementedError

    def place(self, record: Record, operation: Operation) -> Mapping[str, Any]:
        """Where the record's event belongs in the change feed."""
        return {}


class _Batch:
    """The records a batch reaches, as the rows before the current one left them."""

    def __init__(self, table: Table, keys: tuple[str, ...], stored: Iterable[Record]) -> None:
        self.table = table
        self.keys = ("id", *keys)
        self.records: dict[uuid.UUID, Record] = {}
        self.holder: dict[str, dict[Any, uuid.UUID]] = {key: {} for key in self.keys}
        self.made: dict[uuid.UUID, None] = {}
        self.changed: dict[uuid.UUID, set[str]] = {}
        self.freed: dict[uuid.UUID, set[str]] = {}
        for record in stored:
            self._hold(record)

    def _hold(self, record: Record) -> None:
        self.records[record["id"]] = record
        for key in self.keys:
            if record[key] is not None:
                self.holder[key][record[key]] = record["id"]

    def match(self, row: BaseModel) -> Record | None:
        row_id = getattr(row, "id", None)
        if row_id is not None:
            found = self.holder["id"].get(row_id)
            return self.records[found] if found else None
        for key in self.keys[1:]:
            value = getattr(row, key)
            if value is not None and value in self.holder[key]:
                return self.records[self.holder[key][value]]
        return None

    def _refuse_taken(self, record_id: uuid.UUID, values: Mapping[str, Any]) -> None:
        for key in self.keys:
            value = values.get(key)
            if value is not None and self.holder[key].get(value, record_id) != record_id:
                raise KeyTaken

    def add(self, values: Record) -> Record:
        self._refuse_taken(values["id"], values)
        self._hold(values)
        self.made[values["id"]] = None
        return values

    def change(self, record: Record, diff: Mapping[str, Any]) -> None:
        self._refuse_taken(record["id"], diff)
        for key in self.keys:
            if key in diff and record[key] is not None:
                del self.holder[key][record[key]]
                self.freed.setdefault(record["id"], set()).add(key)
        record.update(diff)
        record["version"] += 1
        record["updated_at"] = utcnow()
        for key in self.keys:
            if key in diff and diff[key] is not None:
                self.holder[key][diff[key]] = record["id"]
        self.changed.setdefault(record["id"], set()).update(diff)


def _new_record(table: Table) -> Callable[[Record, uuid.UUID], Record]:
    """A new record's values: the row's, then the column defaults the ORM would fill."""
    fixed: Record = {}
    made: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        default = column.default
        if default is not None and getattr(default, "is_callable", False):
            if column.key not in BOOKKEEPING:
                made[column.key] = default.arg  # type: ignore[attr-defined]
        else:
            fixed[column.key] = getattr(default, "arg", None)

    def new(values: Record, record_id: uuid.UUID) -> Record:
        now = utcnow()
        record = (
            fixed | {key: make(None) for key, make in made.items() if key not in values} | values
        )
        return record | {"id": record_id, "version": 1, "created_at": now, "updated_at": now}

    return new


def _one_of(column: ColumnElement[Any], values: set[Any], as_arrays: bool) -> ColumnElement[bool]:
    return any_of(column, values, f"any_{column.key}") if as_arrays else column.in_(values)


async def _stored(
    session: AsyncSession, table: Table, keys: Sequence[str], rows: Sequence[BaseModel]
) -> list[Record]:
    """Every stored record holding one of the batch's ids or natural keys, in one query per
    5,000 rows (SQLite takes 32,766 bound values; PostgreSQL gets one array per key);
    locked on PostgreSQL so nobody changes them before the batch is written."""
    as_arrays = _is_postgres(session)
    found: dict[uuid.UUID, Record] = {}
    for start in range(0, len(rows), READ_CHUNK):
        chunk = rows[start : start + READ_CHUNK]
        reached = []
        for key in ("id", *keys):
            values = {value for row in chunk if (value := getattr(row, key, None)) is not None}
            if values:
                reached.append(_one_of(table.c[key], values, as_arrays))
        if not reached:
            continue
        # FOR NO KEY UPDATE: ids never change, so rows referring to these go on unblocked.
        stmt = select(table).where(or_(*reached)).with_for_update(key_share=True)
        result = await session.execute(stmt)
        names = list(result.keys())
        for row in result:
            record = dict(zip(names, row, strict=True))
            found.setdefault(record["id"], record)
    return list(found.values())


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def _write(session: AsyncSession, batch: _Batch) -> None:
    table = batch.table
    as_arrays = _is_postgres(session)
    # A key a record gives up may be taken by another in the same batch: clear the
    # given-up keys first, so the order of the writes below cannot break a unique index.
    freed = [(rid, keys) for rid, keys in batch.freed.items() if rid not in batch.made]
    for key in {key for _, keys in freed for key in keys}:
        ids = {rid for rid, keys in freed if key in keys}
        given_up = _one_of(table.c.id, ids, as_arrays)
        await session.execute(update(table).where(given_up).values({key: None}))
    groups: dict[frozenset[str], list[Record]] = {}
    for rid, changed in batch.changed.items():
        if rid not in batch.made:
            groups.setdefault(frozenset(changed), []).append(batch.records[rid])
    made = [batch.records[rid] for rid in batch.made]
    if as_arrays:
        # One statement per set of changed columns and one for the new records.
        for columns, records in groups.items():
            names = sorted(columns | {"version", "updated_at"})
            await session.execute(update_rows(table, records, names))
        if made:
            await session.execute(insert_rows(table, made))
        return
    for columns, records in groups.items():
        names = sorted(columns | {"version", "updated_at"})
        stmt = (
            update(table)
            .where(table.c.id == bindparam("match_id"))
            .values({name: bindparam(name) for name in names})
        )
        params = [{"match_id": r["id"]} | {name: r[name] for name in names} for r in records]
        await session.execute(stmt, params)
    if made:
        await session.execute(insert(table), made)


async def bulk_upsert(
    session: AsyncSession, raw_rows: Sequence[Any], rows: BulkRows[Any], *, atomic: bool
) -> BulkResult:
    """Create or update the rows in sets and answer each one; with `atomic`, one failed row
    writes nothing and the batch is refused (422)."""
    with collector_paused():
        return await _upsert(session, raw_rows, rows, atomic)


async def _upsert(
    session: AsyncSession, raw_rows: Sequence[Any], rows: BulkRows[Any], atomic: bool
) -> BulkResult:
    table: Table = rows.model.__table__
    answered: dict[int, BulkRowResult] = {}
    valid = _validated(raw_rows, rows, answered)
    parsed = [row for _, row in valid]
    if _is_postgres(session):
        # One batch per table at a time: two batches creating the same natural keys would
        # each miss the other's uncommitted records, and one would fail on a unique key
        # or on a rule across records (one open match per mentee) that a sequential
        # write would have passed as an update.
        await session.execute(
            select(func.pg_advisory_xact_lock(BULK_LOCK_CLASS, func.hashtext(table.name)))
        )
    stored = await _stored(session, table, rows.keys, parsed)
    await rows.prepare(session, parsed, stored)
    batch = _Batch(table, rows.keys, stored)
    events, stopped_at = _replay(valid, batch, rows, answered, atomic)
    results = [answered[index] for index in sorted(answered)]
    if atomic and any(r.errors for r in results):
        # Written one after another, the rows after a conflict went unanswered.
        failed = [r for r in results if r.errors and (stopped_at is None or r.index <= stopped_at)]
        raise Unprocessable(
            f"{len(failed)} row(s) failed; with atomic=true nothing was written.",
            errors=[
                {"loc": ["body", "items", r.index], "msg": e["msg"], "type": e["type"]}
                for r in failed
                for e in r.errors or []
            ],
        )
    await _write(session, batch)
    for event in events:
        record_event(session, event)
    return _summary(results, atomic)


def _validated(
    raw_rows: Sequence[Any], rows: BulkRows[Any], answered: dict[int, BulkRowResult]
) -> list[tuple[int, Any]]:
    """The rows that are valid, with their indexes; the others answered."""
    valid: list[tuple[int, Any]] = []
    for index, raw in enumerate(raw_rows):
        try:
            valid.append((index, rows.validate(raw)))
        except ValidationError as error:
            answered[index] = _failed(index, validation_as_row_errors(error))
        except Problem as problem:
            answered[index] = _failed(index, problem_as_row_errors(problem))
    return valid


def _replay(
    valid: list[tuple[int, Any]],
    batch: _Batch,
    rows: BulkRows[Any],
    answered: dict[int, BulkRowResult],
    atomic: bool,
) -> tuple[list[PendingEvent], int | None]:
    """Play the rows one after another on the batch's records and answer each; the events
    of the writes and, with `atomic`, the index of a conflict that stopped the batch."""
    new_record = _new_record(batch.table)
    events: list[PendingEvent] = []
    stopped_at: int | None = None
    for index, row in valid:
        try:
            record = batch.match(row)
            if record is None:
                record = batch.add(new_record(rows.create(row), row.id or new_id()))
                changes = {name: [None, value] for name, value in record.items()}
                events.append(_event(rows, record, Operation.create, changes))
                status = "created"
            else:
                rows.check(record, record["id"] in batch.made)
                proposed = rows.update(record, row)
                diff = {k: [record[k], v] for k, v in proposed.items() if record[k] != v}
                status = "unchanged"
                if diff:
                    batch.change(record, {k: after for k, (_, after) in diff.items()})
                    events.append(_event(rows, record, Operation.update, diff))
                    status = "updated"
            answered[index] = BulkRowResult(
                index=index, status=status, id=record["id"], version=record["version"]
            )
        except ValidationError as error:
            answered[index] = _failed(index, validation_as_row_errors(error))
        except NotFound:
            # The row matched a record outside the caller's scope, perhaps by a natural key
            # (NCES id, EIN, SIS id): say so without naming the record the caller cannot see.
            answered[index] = _failed(index, OUT_OF_SCOPE)
        except Problem as problem:
            answered[index] = _failed(index, problem_as_row_errors(problem))
        except KeyTaken:
            answered[index] = _failed(index, CONFLICT)
            if atomic:
                stopped_at = index
                break
    return events, stopped_at


def _failed(index: int, errors: list[dict[str, Any]]) -> BulkRowResult:
    return BulkRowResult(index=index, status="error", errors=errors)


def _event(
    rows: BulkRows[Any], record: Record, operation: Operation, changes: dict[str, Any]
) -> PendingEvent:
    return PendingEvent(
        resource=rows.resource,
        resource_id=record["id"],
        operation=operation,
        version=record["version"],
        changes=event_changes(changes),
        **rows.place(record, operation),
    )


def _summary(results: list[BulkRowResult], atomic: bool) -> BulkResult:
    counts = {
        status: sum(r.status == status for r in results)
        for status in ("created", "updated", "unchanged", "error")
    }
    return BulkResult(
        atomic=atomic,
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        failed=counts["error"],
        results=results,
    )
