"""What each kind of resource route declares besides its path and `response_model`, so a
decorator reads in one line: `@router.patch("/{thing_id:uuid}", response_model=ThingRead,
**WRITES.change)`.

Most statuses follow from what a route uses (`api.core.openapi`); a kind adds its success
status, the conditional header it reads, and the area's own words for its refusals.
"""

from dataclasses import dataclass
from typing import Any

from api.core.openapi import IF_MATCH, IF_NONE_MATCH

Responses = dict[int | str, dict[str, Any]]
RouteKind = dict[str, Any]

# A list that also streams as CSV (and NDJSON, added by the contract).
LIST_CSV: RouteKind = {"responses": {200: {"content": {"text/csv": {}}}}}
# One record with its ETag: 304 while `If-None-Match` names it.
READ: RouteKind = {"openapi_extra": IF_NONE_MATCH}


@dataclass(frozen=True)
class Writes:
    """An area's write routes, each declaring the area's refusals."""

    create: RouteKind
    write: RouteKind
    """Any other write: a bulk upsert, a job, an action that needs no `If-Match`."""
    change: RouteKind
    """A merge patch or an action on one record, guarded by `If-Match`."""
    delete: RouteKind


def writes(refusals: Responses) -> Writes:
    return Writes(
        create={"status_code": 201, "responses": refusals},
        write={"responses": refusals},
        change={"responses": refusals, "openapi_extra": IF_MATCH},
        delete={"status_code": 204, "responses": refusals, "openapi_extra": IF_MATCH},
    )
