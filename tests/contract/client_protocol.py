"""Schemathesis hooks: a schema-valid request uses server-issued values as a real client does.

Three values are the client's to echo, not to invent, and no schema can say which ones the
server issued: a generated one is refused for a reason outside the request's shape.

- `Idempotency-Key`: one key names one request; a key sent again with another body is a
  422 (as the IETF Idempotency-Key draft asks), so each schema-valid request gets its own.
- `cursor`: only a `next_cursor` from an earlier page is valid (it encodes the sort and
  the last row), so a schema-valid request starts at the first page.
- `If-Match`: only an ETag from an earlier read can match, so a schema-valid write sends
  `*` (any current version); a stale tag is a 412 (tests/directory, tests/partners).

Schema-violating requests keep every generated value: those must be refused whatever the
precondition, and they are. Loaded by `test_schemathesis.py` through `SCHEMATHESIS_HOOKS`.
"""

import uuid
from typing import Any

import schemathesis

SERVER_ISSUED_QUERY = ("cursor",)
ANY_VERSION = "*"


def _generated_positive(case: Any, location: str) -> bool:
    """Whether the whole case, and its part at `location`, were drawn as schema-valid."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return False
    part = {str(place.value): info for place, info in meta.components.items()}.get(location)
    return part is None or part.mode.is_positive


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.headers and _generated_positive(case, "header"):
        for name in list(case.headers):
            if name.lower() == "if-match":
                case.headers[name] = ANY_VERSION
            elif name.lower() == "idempotency-key":
                drawn = str(case.headers[name])
                fresh = uuid.uuid4().hex
                # Keep a long drawn key's length: the bound on it is part of the contract.
                case.headers[name] = fresh + drawn[len(fresh) :]
    if case.query and _generated_positive(case, "query"):
        for name in SERVER_ISSUED_QUERY:
            case.query.pop(name, None)
