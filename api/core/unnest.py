"""Statements over many rows at once for PostgreSQL: each column travels as one typed
array parameter and `unnest` turns the arrays back into rows on the server.

An executemany of 5,000 rows costs SQLAlchemy and the driver a parameter set per row,
and `IN (...)` of 15,000 values a placeholder each; one array per column is one
statement, one round trip and a few lists to build.

A JSON document travels as text and is cast back on the server: a list inside an
array parameter would be taken for another dimension of the array.
"""

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Insert,
    Table,
    Text,
    Update,
    any_,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy import update as update_statement
from sqlalchemy.dialects.postgresql import ARRAY

MATCH_ID = "match_id"


def any_of(column: ColumnElement[Any], values: Collection[Any], name: str) -> ColumnElement[bool]:
    """`column = ANY(:name)`: what `column IN (...)` says, with the values as one array."""
    return column == any_(bindparam(name, list(values), type_=ARRAY(column.type)))


def _is_json(column: Column[Any]) -> bool:
    return isinstance(column.type, JSON)


def _array(column: Column[Any], name: str, values: list[Any]) -> Any:
    if _is_json(column):
        # As the engine writes a document (None is JSON null, as SQLAlchemy's JSON has it).
        return bindparam(name, [orjson.dumps(v).decode() for v in values], type_=ARRAY(Text()))
    return bindparam(name, values, type_=ARRAY(column.type))


def _unnest(columns: Mapping[str, tuple[Column[Any], list[Any]]], prefix: str) -> Any:
    """Columns of values as a derived table `unnest(...) AS u(name, ...)`."""
    arrays = [
        _array(column, f"{prefix}{name}", values) for name, (column, values) in columns.items()
    ]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name="u")


def _value(source: Any, column: Column[Any], name: str) -> ColumnElement[Any]:
    value: ColumnElement[Any] = source.c[name]
    return value.cast(column.type) if _is_json(column) else value


def insert_rows(table: Table, rows: Sequence[Mapping[str, Any]]) -> Insert:
    """INSERT ... SELECT of the rows, which all have the same keys, each a column of the
    table."""
    names = list(rows[0])
    source = _unnest({name: (table.c[name], [row[name] for row in rows]) for name in names}, "i_")
    selected = [_value(source, table.c[name], name) for name in names]
    return insert(table).from_select(names, select(*selected))


def update_rows(table: Table, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Update:
    """UPDATE ... FROM the rows: each row's `columns` onto the record with its `id`."""
    source = _unnest(
        {MATCH_ID: (table.c.id, [row["id"] for row in rows])}
        | {name: (table.c[name], [row[name] for row in rows]) for name in columns},
        "u_",
    )
    return (
        update_statement(table)
        .where(table.c.id == source.c[MATCH_ID])
        .values({name: _value(source, table.c[name], name) for name in columns})
    )
