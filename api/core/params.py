"""Query parameters every resource's list and bulk routes share."""

import datetime as dt
import uuid
from typing import Annotated

from fastapi import Query

from api.core.errors import BadRequest
from api.core.schemas import QueryDateTime
from api.core.times import UnrepresentableTime, in_utc

Q = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Case-insensitive name search.")
]
States = Annotated[list[str] | None, Query(description="Two-letter state; repeat for any of.")]
UpdatedSince = Annotated[
    QueryDateTime | None,
    Query(description="Only records changed at or after this time (RFC 3339), for delta sync."),
]
Format = Annotated[
    str | None,
    Query(
        pattern="^(json|csv|ndjson)$",
        description="`csv` streams the whole filtered list as CSV (like `Accept: text/csv`), "
        "`ndjson` as one JSON object a line (like `Accept: application/x-ndjson`).",
    ),
]
Atomic = Annotated[bool, Query(description="All rows or none.")]
MAX_IDS = 500
Ids = Annotated[
    list[uuid.UUID] | None,
    Query(
        max_length=MAX_IDS,
        description=f"Only these records; repeat, up to {MAX_IDS}: a page's names in one call.",
    ),
]


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """`updated_since` in UTC; a time no calendar can hold is a 400, not a 500."""
    if value is None:
        return None
    try:
        return in_utc(value)
    except UnrepresentableTime as exc:
        raise BadRequest(
            f"updated_since: {exc}.",
            errors=[{"loc": ["query", "updated_since"], "msg": str(exc), "type": "datetime"}],
        ) from exc
