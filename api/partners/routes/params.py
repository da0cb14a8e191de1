"""Query parameters and response helpers shared by the partners routes."""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Query, Request
from starlette.responses import Response

from api.core.errors import BadRequest
from api.core.http import record_response
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
# the partners area's own.
RESPONSES_404: dict[int | str, dict[str, Any]] = {}
RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record, or one the body names is outside your scope."},
    403: {"description": "Your role may read this but not change it."},
    409: {"description": "Conflicts with an existing record or the lifecycle."},
}
RESPONSES_BAD_QUERY: dict[int | str, dict[str, Any]] = {}
RESPONSES_LIST: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}


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


def derived_response(
    request: Request,
    body: Mapping[str, Any],
    *,
    status_code: int = 200,
    location: str | None = None,
) -> Response:
    """A record whose body holds values derived from today's date and from other records
    (status, health, services).

    Its ETag covers the whole body, so `If-None-Match` answers 304 only while every
    derived value is unchanged too: the version does not change at midnight when an
    agreement expires, the tag does.
    """
    return record_response(
        request, body, status_code=status_code, location=location, composite=True
    )
