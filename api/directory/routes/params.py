"""The directory's own standard answers, declared by what each route uses (api/core/openapi.py)."""

from typing import Any

from api.core.route_kinds import writes

RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record, or one the body names is outside your scope."},
    409: {
        "description": "Conflicts with an existing record (a unique key, or records still linked)."
    },
}
WRITES = writes(RESPONSES_WRITE)
