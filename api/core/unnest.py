"""Statements over many rows at once for PostgreSQL: each column travels as one typed
array parameter and `unnest` turns the arrays back into rows on the server.

An executemany of 5,000 rows costs SQLAlchemy and the driver a parameter set per row,
and `IN (...)` of 15,000 values a placeholder each; one array per column is one
statement, one round trip and a few lists to build.
"""

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Insert, Table, Update, any_, bindparam, func, insert, select
from sqlalchemy import update as update_statement
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeEngine

MATCH_ID = "match_id"


def any_of(column: ColumnElement[Any], values: Collection[Any], name: str) -> ColumnElement[bool]:
    """`column = ANY(:name)`: what `column IN (...)` says, with the values as one array."""
    return column == any_(bindparam(name, list(values), type_=ARRAY(column.type)))


def _unnest(columns: Mapping[str, tuple[TypeEngine[Any], list[Any]]], prefix: str) -> Any:
    """Columns of values as a derived table `unnest(...) AS u(column, ...)`."""
    arrays = [
        bindparam(f"{prefix}{name}", values, type_=ARRAY(type_))
        for name, (type_, values) in columns.items()
    ]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name="u")


def insert_rows(
    table: Table, rows: Sequence[Mapping[str, Any]], *, cast_to: Mapping[str, Any] | None = None
) -> Insert:
    """INSERT ... SELECT of the rows, which all have the same keys, each a column of the
    table; `cast_to` gives a column whose arrays travel as another type (JSON as text)."""
    cast_to = cast_to or {}
    names = list(rows[0])
    source = _unnest(
        {
            name: (cast_to.get(name, table.c[name].type), [row[name] for row in rows])
            for name in names
        },
        "i_",
    )
    selected = [
        source.c[name].cast(table.c[name].type) if name in cast_to else source.c[name]
        for name in names
    ]
    return insert(table).from_select(names, select(*selected))


def update_rows(table: Table, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Update:
    """UPDATE ... FROM the rows: each row's `columns` onto the record with its `id`."""
    source = _unnest(
        {MATCH_ID: (table.c.id.type, [row["id"] for row in rows])}
        | {name: (table.c[name].type, [row[name] for row in rows]) for name in columns},
        "u_",
    )
    return (
        update_statement(table)
        .where(table.c.id == source.c[MATCH_ID])
        .values({name: source.c[name] for name in columns})
    )
