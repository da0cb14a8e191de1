"""Writing a OneRoster import's rows in sets, and the wrong lines it collects on the way."""

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.bulk import BulkRows, bulk_upsert
from api.core.schemas import BulkResult
from api.directory.oneroster.files import Row
from api.directory.oneroster.report import Counts, Issue
from api.directory.oneroster.vocabulary import parse_modified

CHUNK = 5000
Progress = Callable[[str, int, int], None]
"""Told (stage, rows done, rows in the stage) as an import goes."""
Lines = list[tuple[int, dict[str, Any]]]  # (line of the file, the record's values)


def chunks(values: Sequence[str], size: int = CHUNK) -> list[Sequence[str]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


class Writer:
    """Writes sets of rows and names every wrong line; the import is refused at its end
    when there is any."""

    def __init__(self, session: AsyncSession, progress: Progress | None) -> None:
        self.session = session
        self.progress = progress
        self.issues: list[Issue] = []

    def issue(self, file: str, line: int, message: str) -> None:
        self.issues.append(Issue(file, line, message))

    def keyed(
        self, file: str, row: Row, key: str | None = "sourcedId", raising: bool = False
    ) -> dict[str, Any]:
        """The row's `sourcedId` (under `key`) and `dateLastModified`."""
        values: dict[str, Any] = {}
        if key is not None:
            values["oneroster_id"] = row.get(key)
        try:
            values["oneroster_modified_at"] = parse_modified(row.get("dateLastModified"))
        except ValueError as error:
            if raising:
                raise
            self.issue(file, row.line, str(error))
        return values

    async def upsert(
        self, stage: str, file: str, raw: Lines, rows: BulkRows[Any], counts: Counts
    ) -> list[uuid.UUID | None]:
        """Write the rows in chunks; each row's record id (None when the row failed)."""
        ids: list[uuid.UUID | None] = []
        for start in range(0, len(raw), CHUNK):
            chunk = raw[start : start + CHUNK]
            result = await bulk_upsert(self.session, [v for _, v in chunk], rows, atomic=False)
            counts.add(result)
            ids += self._answers(file, chunk, result)
            if self.progress is not None:
                self.progress(stage, start + len(chunk), len(raw))
        return ids

    def _answers(self, file: str, chunk: Lines, result: BulkResult) -> list[uuid.UUID | None]:
        ids: list[uuid.UUID | None] = []
        for (line, _), answer in zip(chunk, result.results, strict=True):
            for error in answer.errors or []:
                where = ".".join(str(part) for part in error["loc"] if part != "body")
                message = f"{where}: {error['msg']}" if where else error["msg"]
                self.issue(file, line, message)
            ids.append(answer.id if answer.status != "error" else None)
        return ids
