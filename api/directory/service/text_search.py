from sqlalchemy import ColumnElement, or_

from api.core.db import Column


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_text(text: str, *columns: Column) -> ColumnElement[bool]:
    """Case-insensitive substring match on any of the columns."""
    pattern = f"%{escape_like(text)}%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))
