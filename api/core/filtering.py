"""The conditions a list's filters add. Each is `None` when its filter was not given,
and `narrowed` adds only those that were, so a filter left out filters nothing."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, or_

Condition = ColumnElement[bool] | None


def any_of(column: Any, values: Iterable[Any] | None) -> Condition:
    """The column holds one of the values; none given (or an empty list) filters nothing."""
    chosen = list(values or ())
    return column.in_(chosen) if chosen else None


def any_listed(column: Any, values: Iterable[str] | None) -> Condition:
    """A JSON list column names one of the values; none given filters nothing."""
    chosen = list(values or ())
    if not chosen:
        return None
    # Vocabulary values are plain words, so a quoted match on the JSON text is
    # exact on both SQLite and PostgreSQL without dialect-specific operators.
    return or_(*(cast(column, String).like(f'%"{value}"%') for value in chosen))


def since(column: Any, moment: dt.datetime | dt.date | None) -> Condition:
    """Rows whose column is at or after the moment (for `updated_since`: delta sync)."""
    return None if moment is None else column >= moment


def until(column: Any, moment: dt.datetime | dt.date | None) -> Condition:
    """Rows whose column is at or before the moment."""
    return None if moment is None else column <= moment


def flag(column: Any, value: bool | None) -> Condition:
    """`true` or `false` as asked; not asked, both."""
    return None if value is None else column.is_(value)


def holds(condition: ColumnElement[bool], wanted: bool | None) -> Condition:
    """The condition when `true` is asked, its negation for `false`; not asked, both."""
    if wanted is None:
        return None
    return condition if wanted else ~condition


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_text(text: str, *columns: Any) -> ColumnElement[bool]:
    """Case-insensitive substring match on any of the columns."""
    pattern = f"%{escape_like(text)}%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def containing(text: str | None, *columns: Any) -> Condition:
    """`q`: the text, case-insensitive, in any of the columns; no text filters nothing."""
    return matches_text(text, *columns) if text else None


def narrowed(statement: Select[Any], *conditions: Condition) -> Select[Any]:
    """The statement with every condition given; the scope's condition comes first."""
    given = [condition for condition in conditions if condition is not None]
    return statement.where(*given) if given else statement
