"""Stream a whole filtered list as CSV or NDJSON, in batches, on its own connection.

Asking for either format (`Accept: text/csv` or `Accept: application/x-ndjson`, or
`format=csv` / `format=ndjson`) is asking for every row in scope at once: paging is
ignored. The rows come from a server-side cursor (`yield_per`), a batch at a time, so
the response takes the same memory for ten rows as for a hundred thousand.
"""

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Sequence
from typing import Any

from fastapi import Request
from sqlalchemy import Select
from starlette.responses import StreamingResponse

from api.core.db import Database
from api.core.driver_stream import row_batches
from api.core.responses import json_bytes

BATCH_ROWS = 1000
# Fewer round trips to the cursor; a batch of records is still well under a megabyte.
NDJSON_BATCH_ROWS = 5000
# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


NDJSON = "application/x-ndjson"


def wants_ndjson(request: Request) -> bool:
    if request.query_params.get("format") == "ndjson":
        return True
    return NDJSON in request.headers.get("accept", "")


def wants_csv(request: Request) -> bool:
    """Whether the caller wants the whole list streamed (as CSV, or as NDJSON)."""
    if request.query_params.get("format") == "csv" or wants_ndjson(request):
        return True
    return "text/csv" in request.headers.get("accept", "")


def neutralised(text: str) -> str:
    """Text a spreadsheet would run as a formula, prefixed with a quote so it shows as text.

    Only text is escaped: a number the database holds as a number (an amount of -5) stays
    a number, while text that merely looks like one ("-5", "+1 555 0100") is escaped too,
    as OWASP advises, since the cell's origin is what decides and not its look.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralised(";".join(str(item) for item in value))
    if isinstance(value, dict):
        return json_bytes(value).decode()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralised(value)
    return value


def _render(rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_response(
    db: Database, stmt: Select[Any], columns: Sequence[str], filename: str
) -> StreamingResponse:
    async def generate() -> AsyncIterator[str]:
        yield _render([list(columns)])
        async with db.sessionmaker() as session:
            result = await session.stream(stmt.execution_options(yield_per=BATCH_ROWS))
            async for batch in result.mappings().partitions(BATCH_ROWS):
                yield _render([[csv_cell(row[name]) for name in columns] for row in batch])

    return StreamingResponse(
        generate(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _lines(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    if rows and list(rows[0]) == list(columns):
        return b"".join(json_bytes(row) + b"\n" for row in rows)
    return b"".join(json_bytes({name: row[name] for name in columns}) + b"\n" for row in rows)


def ndjson_response(
    db: Database, stmt: Select[Any], columns: Sequence[str], filename: str
) -> StreamingResponse:
    """One JSON object a line, with the list's own fields, values as its JSON shows them."""

    async def generate() -> AsyncIterator[bytes]:
        async with db.sessionmaker() as session:
            async for batch in row_batches(session, stmt, NDJSON_BATCH_ROWS):
                yield _lines(batch, columns)

    return StreamingResponse(
        generate(),
        media_type=NDJSON,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
