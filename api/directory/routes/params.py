"""Query parameters shared by the directory's lists."""

import datetime as dt
from typing import Annotated, Any

from fastapi import Query

from api.core.errors import BadRequest
from api.core.times import UnrepresentableTime, in_utc

Q = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Case-insensitive name search.")
]
UpdatedSince = Annotated[
    dt.datetime | None,
    Query(description="Only records changed at or after this time (RFC 3339), for delta sync."),
]
Format = Annotated[
    str | None,
    Query(
        pattern="^(json|csv)$",
        description="`csv` streams the whole filtered list as CSV (like `Accept: text/csv`).",
    ),
]
Atomic = Annotated[bool, Query(description="All rows or none.")]

# What each route uses declares its standard answers (api/core/openapi.py); these are
# the directory's own.
RESPONSES_404: dict[int | str, dict[str, Any]] = {}
RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record, or one the body names is outside your scope."},
    409: {
        "description": "Conflicts with an existing record (a unique key, or records still linked)."
    },
}


def aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return in_utc(value)
    except UnrepresentableTime as exc:
        raise BadRequest(
            f"updated_since: {exc}.",
            errors=[{"loc": ["query", "updated_since"], "msg": str(exc), "type": "datetime"}],
        ) from exc
