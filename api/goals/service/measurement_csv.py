"""Reading a measurement CSV: the header mapped to fields, each line parsed or refused.

Pure (no database): which goal a line names is the import's business. Messages name
the line and the column, never what the cell holds, so they can be logged and shown.
"""

import csv
import datetime as dt
import io
import math
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from api.core.errors import Unprocessable
from api.goals.schemas.measurements import DECIMALS, LARGEST

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SOURCE_LENGTH = 100
NOTE_LENGTH = 2000
EXTERNAL_ID_LENGTH = 64
PROGRESS_EVERY = 5000


@dataclass(frozen=True)
class ColumnMap:
    """Which column of the file holds each field; a goal is named by id or external id."""

    goal_id: str = "goal_id"
    goal_external_id: str = "goal_external_id"
    date: str = "measured_on"
    value: str = "value"
    source: str = "source"
    note: str = "note"

    @classmethod
    def fields(cls) -> list[str]:
        return [field.name for field in fields(cls)]


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str
    type: str


@dataclass(frozen=True)
class ParsedLine:
    line: int
    goal_id: uuid.UUID | None
    goal_external_id: str | None
    measured_on: dt.date
    value: float
    source: str
    note: str | None


@dataclass
class ParsedFile:
    lines: list[ParsedLine]
    errors: list[LineError]
    # A file without a note column leaves stored notes as they are.
    has_notes: bool


class _Header:
    def __init__(self, names: list[str], columns: ColumnMap) -> None:
        position = {name.strip(): index for index, name in enumerate(names)}
        self.columns = columns
        self.goal_id = position.get(columns.goal_id)
        self.goal_external_id = position.get(columns.goal_external_id)
        self.date = position.get(columns.date)
        self.value = position.get(columns.value)
        self.source = position.get(columns.source)
        self.note = position.get(columns.note)
        missing: list[dict[str, Any]] = [
            {"loc": ["query", f"{name}_column"], "msg": f"no column '{column}'", "type": "column"}
            for name, column, index in (
                ("date", columns.date, self.date),
                ("value", columns.value, self.value),
            )
            if index is None
        ]
        if self.goal_id is None and self.goal_external_id is None:
            missing.append(
                {
                    "loc": ["query", "goal_id_column"],
                    "msg": f"no column '{columns.goal_id}' or '{columns.goal_external_id}' "
                    "naming each line's goal",
                    "type": "column",
                }
            )
        if missing:
            raise Unprocessable(
                "The file's header lacks a mapped column: "
                + "; ".join(str(m["msg"]) for m in missing),
                errors=missing,
            )


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


class _Line:
    """One line's cells, parsed field by field; every problem is kept."""

    def __init__(self, number: int, cells: list[str], header: _Header) -> None:
        self.number = number
        self.cells = cells
        self.header = header
        self.errors: list[LineError] = []

    def refuse(self, column: str, message: str, kind: str) -> None:
        self.errors.append(LineError(self.number, column, message, kind))

    def text(self, index: int | None, column: str, longest: int) -> str:
        value = _cell(self.cells, index)
        if "\x00" in value:
            self.refuse(column, "holds a NUL character", "string")
        elif len(value) > longest:
            self.refuse(column, f"longer than {longest} characters", "string_too_long")
        return value

    def goal(self) -> tuple[uuid.UUID | None, str | None]:
        header, columns = self.header, self.header.columns
        raw_id = _cell(self.cells, header.goal_id)
        if raw_id:
            try:
                return uuid.UUID(raw_id), None
            except ValueError:
                self.refuse(columns.goal_id, "not a goal id (a UUID)", "uuid")
                return None, None
        external = self.text(header.goal_external_id, columns.goal_external_id, EXTERNAL_ID_LENGTH)
        if not external:
            named = columns.goal_id if header.goal_id is not None else columns.goal_external_id
            self.refuse(named, "names no goal", "missing")
        return None, external or None

    def date(self) -> dt.date | None:
        column = self.header.columns.date
        raw = _cell(self.cells, self.header.date)
        if not raw:
            self.refuse(column, "no date", "missing")
            return None
        try:
            if DATE.match(raw):
                return dt.date.fromisoformat(raw)
        except ValueError:
            pass
        self.refuse(column, "not a date (YYYY-MM-DD)", "date")
        return None

    def value(self) -> float | None:
        column = self.header.columns.value
        raw = _cell(self.cells, self.header.value)
        if not raw:
            self.refuse(column, "no value", "missing")
            return None
        try:
            number = float(raw)
        except ValueError:
            self.refuse(column, "not a number", "float")
            return None
        if not math.isfinite(number):
            self.refuse(column, "not a finite number", "finite_number")
        elif abs(number) > LARGEST:
            self.refuse(column, f"beyond ±{LARGEST}", "less_than_equal")
        else:
            return round(number, DECIMALS)
        return None

    def parsed(self) -> ParsedLine | None:
        header, columns = self.header, self.header.columns
        goal_id, external_id = self.goal()
        measured_on = self.date()
        value = self.value()
        source = self.text(header.source, columns.source, SOURCE_LENGTH)
        note = self.text(header.note, columns.note, NOTE_LENGTH)
        if self.errors or measured_on is None or value is None:
            return None
        return ParsedLine(
            self.number, goal_id, external_id, measured_on, value, source, note or None
        )


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def parse_measurements(
    text: str, columns: ColumnMap, progress: Callable[[int], None] | None = None
) -> ParsedFile:
    """Every line of the file parsed, or refused with each of its problems."""
    records = _records(text)
    try:
        _, names = next(records)
    except StopIteration:
        raise Unprocessable(
            "The file is empty: it needs a header line naming its columns.",
            errors=[{"loc": ["body"], "msg": "empty file", "type": "missing"}],
        ) from None
    except csv.Error as exc:
        raise Unprocessable(f"The header line is not CSV: {exc}.") from None
    header = _Header(names, columns)
    parsed = ParsedFile([], [], has_notes=header.note is not None)
    number = 1
    try:
        for count, (number, cells) in enumerate(records, start=1):
            if progress and count % PROGRESS_EVERY == 0:
                progress(PROGRESS_EVERY)
            if not any(cell.strip() for cell in cells):
                continue
            line = _Line(number, cells, header)
            row = line.parsed()
            if row is None:
                parsed.errors.extend(line.errors)
            else:
                parsed.lines.append(row)
    except csv.Error as exc:
        # The reader cannot find where the next record starts: the rest is unread.
        message = f"not CSV from here on ({exc})"
        parsed.errors.append(LineError(number + 1, "row", message, "csv"))
    return parsed
