"""Standard answers of the surveys, survey responses and reviews routes."""

from typing import Any

from api.core.route_kinds import writes

RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record, or one the body names is outside your scope."},
    403: {"description": "Your role may read this but not change it."},
    409: {"description": "Conflicts with an existing record or with what was answered."},
}
WRITES = writes(RESPONSES_WRITE)
