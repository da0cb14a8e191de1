"""Reading a match export: the mapped columns of each line, checked, and nothing else.

Only the columns the mapping names are ever read out of a line; every other column
(free text about minors such as `Closure Details` or `Rationale for Match`) is dropped
by the parser and reaches no record, log or error. Errors name the line and the
column, never a cell's value, so not even a mapped column can leak through one.

Stages map to match statuses so (case and surrounding spaces ignored):

- `Active` and `Pending Closure` -> `active` (a pending closure has not happened yet);
- `Closed` -> `ended_early` when the closure reason says the match was cut short
  (any reason but those in `COMPLETED_REASONS`), else `completed`: the match ran
  its course ("Successful match closure", "Child: Graduated"), or the file gives no
  reason, and the lifecycle asks a reason of every early end.

Dates after today are refused: a history has happened.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from api.mentoring.vocabulary import MatchStatus

COMPLETED_REASONS = frozenset({"successful match closure", "child: graduated"})
OPEN_STAGES = {"active": "Active", "pending closure": "Pending Closure"}
CLOSED_STAGE = "closed"
ID_MAX = 64
STAGE_MAX = 60
PROGRAM_MAX = 120
REASON_MAX = 200
LENGTH_MAX = 9999.99  # Numeric(6, 2)
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class ColumnMap:
    """Which header names the file uses for each field (defaults: the BBBS export)."""

    match_id: str = "Match ID 18Char"
    mentor: str = "Big ID"
    mentee: str = "Little ID"
    stage: str = "Stage"
    program: str = "Program"
    activation: str = "Match Activation Date"
    closure: str = "Match Closure Meeting Date"
    closure_reason: str = "Closure Reason"
    length: str = "Match Length"

    REQUIRED = ("match_id", "mentor", "mentee", "stage", "activation")

    def names(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class RowIssue:
    line: int
    column: str
    message: str

    def text(self) -> str:
        return f"line {self.line}: {self.column} {self.message}"


@dataclass(frozen=True)
class MatchLine:
    """One line's match, as the records will hold it."""

    line: int
    external_id: str
    mentor: str
    mentee: str
    status: MatchStatus
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str | None
    source_stage: str
    source_program: str | None
    source_length_months: float | None


@dataclass
class ParsedFile:
    rows: list[MatchLine] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    lines: int = 0


class HeaderProblem(Exception):
    """The header lacks a mapped column: the whole file is refused."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        self.missing = missing
        named = ", ".join(f"{column!r} ({name})" for name, column in missing)
        super().__init__(f"The header has no column {named}.")


def parse_matches(text: str, columns: ColumnMap) -> ParsedFile:
    """Every line checked; valid lines in `rows`, the others in `errors` by line."""
    records = _records(text.removeprefix("\ufeff"))
    try:
        header_line, header = next(records)
    except StopIteration:
        raise HeaderProblem([(name, columns.names()[name]) for name in columns.REQUIRED]) from None
    del header_line
    positions = _positions(header, columns)
    parsed = ParsedFile()
    for line, cells in records:
        parsed.lines += 1
        if not any(cell.strip() for cell in cells):
            continue
        _parse_line(line, cells, positions, columns, parsed)
    return parsed


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    ended = 0
    for cells in reader:
        yield ended + 1, cells
        ended = reader.line_num


def _positions(header: list[str], columns: ColumnMap) -> dict[str, int]:
    at = {name.strip(): index for index, name in enumerate(header)}
    positions: dict[str, int] = {}
    missing: list[tuple[str, str]] = []
    for name, column in columns.names().items():
        if column in at:
            positions[name] = at[column]
        elif name in columns.REQUIRED or column != getattr(ColumnMap, name):
            # A column asked for by name must be there; an optional default may be absent.
            missing.append((name, column))
    if missing:
        raise HeaderProblem(missing)
    return positions


class _Line:
    def __init__(
        self,
        line: int,
        cells: list[str],
        positions: dict[str, int],
        columns: ColumnMap,
        parsed: ParsedFile,
    ) -> None:
        self.line, self.cells, self.positions = line, cells, positions
        self.columns, self.parsed = columns, parsed
        self.today = dt.date.today()
        self.failed = False

    def fail(self, name: str, message: str) -> None:
        self.failed = True
        self.parsed.errors.append(RowIssue(self.line, getattr(self.columns, name), message))

    def cell(self, name: str) -> str:
        index = self.positions.get(name)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def text(self, name: str, longest: int, required: bool = False) -> str | None:
        value = self.cell(name)
        if not value:
            if required:
                self.fail(name, "is missing")
            return None
        if len(value) > longest:
            self.fail(name, f"is longer than {longest} characters")
            return None
        return value

    def date(self, name: str, required: bool = False) -> dt.date | None:
        value = self.cell(name)
        if not value:
            if required:
                self.fail(name, "is missing")
            return None
        parsed = _date(value)
        if parsed is None:
            self.fail(name, "is not a date (YYYY-MM-DD or M/D/YYYY)")
        elif parsed > self.today:
            self.fail(name, "is in the future")
            return None
        return parsed

    def months(self, name: str) -> float | None:
        value = self.cell(name)
        if not value:
            return None
        try:
            number = round(float(value), 2)
        except ValueError:
            number = -1.0
        if not 0 <= number <= LENGTH_MAX:  # also refuses nan
            self.fail(name, f"is not a number of months between 0 and {LENGTH_MAX}")
            return None
        return number


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    found = US_DATE.match(value)
    if found is None:
        return None
    month, day, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_line(
    line: int, cells: list[str], positions: dict[str, int], columns: ColumnMap, parsed: ParsedFile
) -> None:
    read = _Line(line, cells, positions, columns, parsed)
    external_id = read.text("match_id", ID_MAX, required=True)
    mentor = read.text("mentor", ID_MAX, required=True)
    mentee = read.text("mentee", ID_MAX, required=True)
    stage = read.text("stage", STAGE_MAX, required=True)
    started_on = read.date("activation", required=True)
    ended_on = read.date("closure")
    end_reason = read.text("closure_reason", REASON_MAX)
    program = read.text("program", PROGRAM_MAX)
    length = read.months("length")
    status = None
    if stage is not None:
        status = _status(stage, end_reason)
        if status is None:
            read.fail("stage", "is not one of Active, Pending Closure, Closed")
    # A missing value was refused above; the checks narrow the types.
    if (
        read.failed
        or external_id is None
        or mentor is None
        or mentee is None
        or stage is None
        or status is None
        or started_on is None
    ):
        return
    if ended_on is not None and ended_on < started_on:
        # A source slip (the BBBS file has one): the match is kept, its length too.
        parsed.warnings.append(
            RowIssue(
                line,
                columns.closure,
                f"is before {columns.activation}; the match is imported without an end date",
            )
        )
        ended_on = None
    if status is MatchStatus.active:
        ended_on = None
    parsed.rows.append(
        MatchLine(
            line=line,
            external_id=external_id,
            mentor=mentor,
            mentee=mentee,
            status=status,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=end_reason,
            source_stage=stage,
            source_program=program,
            source_length_months=length,
        )
    )


def _status(stage: str, reason: str | None) -> MatchStatus | None:
    key = stage.casefold()
    if key in OPEN_STAGES:
        return MatchStatus.active
    if key == CLOSED_STAGE:
        if reason is None or reason.casefold() in COMPLETED_REASONS:
            return MatchStatus.completed
        return MatchStatus.ended_early
    return None
