"""Stream a whole filtered list as CSV, in batches, on its own connection."""

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Sequence
from typing import Any

from fastapi import Request
from sqlalchemy import Select
from starlette.responses import StreamingResponse

from api.core.db import Database
from api.core.responses import json_bytes

BATCH_ROWS = 1000


def wants_csv(request: Request) -> bool:
    if request.query_params.get("format") == "csv":
        return True
    return "text/csv" in request.headers.get("accept", "")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, dict):
        return json_bytes(value).decode()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
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
                yield _render([[_cell(row[name]) for name in columns] for row in batch])

    return StreamingResponse(
        generate(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
