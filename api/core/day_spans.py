"""Whole days between two dates, in SQL on either database.

PostgreSQL subtracts dates to an integer of days; SQLite stores dates as text and counts
days through julianday().
"""

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[int]):
    """`days_between(later, earlier)`: later - earlier, in days."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_postgresql(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(date, **kw) for date in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(date, **kw) for date in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
