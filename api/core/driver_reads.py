"""Run a kept Core select straight on the asyncpg connection.

On the hot read paths, SQLAlchemy's execution layer (cache key, execution context,
result metadata) cost more per request than PostgreSQL spent on the query. A
statement kept for reuse is compiled here once into SQL with numbered parameters
and handed to asyncpg, which prepares it once per connection. SQLAlchemy still
writes the SQL and converts the values both ways (its own bind and result
processors), so the rows are the ones `connection.execute` would give.

Used only where that is the same thing (see `_driver`); elsewhere, and on
SQLite, the statement goes through SQLAlchemy as usual. A lost connection is
invalidated as SQLAlchemy would, and asyncpg's errors are answered by the same
rules as SQLAlchemy's (`api.core.outages`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect, Result
from sqlalchemy.ext.asyncio import AsyncConnection

from api.core.outages import is_driver_outage

Processor = Callable[[Any], Any] | None
_MAX_KEPT = 1024


@dataclass(frozen=True)
class CompiledRead:
    sql: str
    names: tuple[str, ...]  # the parameter behind each $n
    fixed: dict[str, Any]  # values written into the statement, already processed
    binders: dict[str, Processor]  # for the values the caller supplies
    columns: tuple[str, ...]
    readers: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column index, processor)

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = []
        for name in self.names:
            if name in self.fixed:
                values.append(self.fixed[name])
                continue
            binder = self.binders[name]
            value = params[name]
            values.append(binder(value) if binder is not None else value)
        return values

    def rows(self, records: list[Any]) -> list[dict[str, Any]]:
        columns, readers = self.columns, self.readers
        if not readers:
            # The columns are the statement's own, so they always match a record's
            # length; strict=True cost a fifth of building a 50-row page.
            return [dict(zip(columns, record)) for record in records]  # noqa: B905
        rows = []
        for record in records:
            values = list(record)
            for index, reader in readers:
                values[index] = reader(values[index])
            rows.append(dict(zip(columns, values, strict=True)))
        return rows


def compile_read(stmt: Select[Any], dialect: Dialect) -> CompiledRead:
    compiled = stmt.compile(dialect=dialect)
    supplied = {name for name, bind in compiled.binds.items() if bind.required}
    if any(compiled.binds[name].expanding for name in supplied):
        raise TypeError("a list parameter supplied per call changes the SQL; bind it in the select")
    state = compiled.construct_expanded_state(dict.fromkeys(supplied))
    processors = state.processors
    if state.positiontup is None:
        raise TypeError(f"{dialect.name} does not number its parameters")
    fixed = {
        name: _processed(processors.get(name), state.parameters[name])
        for name in state.positiontup
        if name not in supplied
    }
    readers = []
    for index, column in enumerate(stmt.selected_columns):
        reader = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if reader is not None:
            readers.append((index, reader))
    return CompiledRead(
        sql=state.statement,
        names=tuple(state.positiontup),
        fixed=fixed,
        binders={name: processors.get(name) for name in supplied},
        columns=tuple(stmt.selected_columns.keys()),
        readers=tuple(readers),
    )


def _processed(processor: Processor, value: Any) -> Any:
    return processor(value) if processor is not None else value


_kept: dict[int, tuple[Select[Any], CompiledRead]] = {}


def _compiled(stmt: Select[Any], dialect: Dialect) -> CompiledRead:
    # Keyed by identity: callers keep their statements (lru_cache), and holding the
    # statement here keeps its id from being reused by another object.
    found = _kept.get(id(stmt))
    if found is not None and found[0] is stmt:
        return found[1]
    compiled = compile_read(stmt, dialect)
    if len(_kept) >= _MAX_KEPT:
        _kept.clear()
    _kept[id(stmt)] = (stmt, compiled)
    return compiled


async def _driver(connection: AsyncConnection) -> Any | None:
    """The asyncpg connection, when a statement run on it is the one SQLAlchemy
    would run: outside a transaction by design (autocommit), or inside the one
    already begun. Before the first statement of a transaction, SQLAlchemy must
    run it, so that it begins the transaction."""
    if connection.dialect.driver != "asyncpg":
        return None
    sync = connection.sync_connection
    if sync is None or sync.invalidated:
        driver = (await connection.get_raw_connection()).driver_connection
    else:
        # Checked out and valid: reading it does no I/O, so it needs no greenlet hop.
        driver = sync.connection.driver_connection
    options = sync.get_execution_options() if sync is not None else {}
    autocommit = options.get("isolation_level") == "AUTOCOMMIT"
    return driver if autocommit or driver.is_in_transaction() else None  # type: ignore[union-attr]


async def fetch_rows(
    connection: AsyncConnection, stmt: Select[Any], params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of a select as plain dicts, keyed by its column names."""
    params = params or {}
    driver = await _driver(connection)
    if driver is not None:
        return await _fetch(connection, driver, _compiled(stmt, connection.dialect), params)
    return dict_rows(await connection.execute(stmt, params))


async def fetch_built_rows(connection: AsyncConnection, stmt: Select[Any]) -> list[dict[str, Any]]:
    """As `fetch_rows`, for a select built anew per request with its values in it: it is
    compiled for this once and not kept."""
    driver = await _driver(connection)
    if driver is not None:
        return await _fetch(connection, driver, compile_read(stmt, connection.dialect), {})
    return dict_rows(await connection.execute(stmt))


async def _fetch(
    connection: AsyncConnection, driver: Any, compiled: CompiledRead, params: Mapping[str, Any]
) -> list[dict[str, Any]]:
    try:
        records = await driver.fetch(compiled.sql, *compiled.arguments(params))
    except Exception as error:
        if is_driver_outage(error) or driver.is_closed():
            # What SQLAlchemy does with a connection it lost: the pool never hands
            # it out again. The error itself is answered as on the ORM path (503).
            await connection.invalidate(error)
        raise
    return compiled.rows(records)


def dict_rows(result: Result[Any]) -> list[dict[str, Any]]:
    names = list(result.keys())
    # Plain dicts: a RowMapping builds its key view anew for every dict() of it.
    return [dict(zip(names, row, strict=True)) for row in result]
