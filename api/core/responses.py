"""Fast JSON encoding shared by every response."""

import uuid
from typing import Any

import orjson
from fastapi.responses import JSONResponse


def _fallback(value: Any) -> Any:
    # asyncpg hands back its own UUID class, which orjson does not know natively.
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def json_bytes(content: Any) -> bytes:
    return orjson.dumps(content, default=_fallback, option=orjson.OPT_NON_STR_KEYS)


class FastJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json_bytes(content)
