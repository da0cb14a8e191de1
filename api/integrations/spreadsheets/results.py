"""Reading the bulk helpers' answers back into lines of the file."""

import uuid
from collections.abc import Sequence
from typing import Any

from api.core.schemas import BulkResult

Answer = tuple[str, uuid.UUID | None, int, Sequence[dict[str, Any]]]


def answers(result: BulkResult) -> list[Answer]:
    """Each row's status, record id (None when it failed), version and errors, in order."""
    return [
        (
            row.status,
            row.id if row.status != "error" else None,
            row.version or 0,
            row.errors or [],
        )
        for row in result.results
    ]


def row_errors(errors: Sequence[dict[str, Any]]) -> str:
    """The errors of a row as one sentence, each prefixed with the field it concerns."""
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error["loc"] if part != "body")
        parts.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
    return "; ".join(parts)
