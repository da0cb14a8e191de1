"""The partners area's own standard answers, and its records with derived values."""

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from starlette.responses import Response

from api.core.http import record_response
from api.core.route_kinds import writes

# What each route uses declares its standard answers (api/core/openapi.py); these are
# the partners area's own.
RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record, or one the body names is outside your scope."},
    403: {"description": "Your role may read this but not change it."},
    409: {"description": "Conflicts with an existing record or the lifecycle."},
}
WRITES = writes(RESPONSES_WRITE)


def derived_response(request: Request, body: Mapping[str, Any]) -> Response:
    """A record whose body holds values derived from today's date and from other records
    (status, health, services).

    Its ETag covers the whole body, so `If-None-Match` answers 304 only while every
    derived value is unchanged too: the version does not change at midnight when an
    agreement expires, the tag does. A new one is answered by `created_response(...,
    composite=True)`, for the same reason.
    """
    return record_response(request, body, composite=True)
