"""Importing a match history (an export such as Big Brothers Big Sisters') into a programme.

- Participants are keyed by (programme, role, the source's id) and created with no
  person (they are known only by the other system's id), enrolled on the first
  activation date the file gives them. Existing ones are left as they are.
- Matches are keyed by (programme, the source's match id): new ones are created,
  changed ones updated (version bumped), identical ones left alone, so importing the
  same file again writes nothing.
- A mentee has one open match per programme (the partial unique index): a second
  open match for a mentee, in the file or next to an open match the file does not
  mention, is a line error. Closing writes go before opening ones, so a file that
  closes a mentee's match and opens the next one imports in either order.
- Every line is checked before anything is written: with `atomic` one bad line
  refuses the file (422 listing every bad line); without, the good lines are written
  and the bad ones reported.
- Writes are set-based: one statement per table and kind of write.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import orjson
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.mentoring import programs_visible, programs_writable
from api.core.collection import collector_paused
from api.core.db import utcnow
from api.core.errors import Forbidden, NotFound, Unprocessable
from api.core.events import Operation, PendingEvent, record_event
from api.core.records import new_id
from api.core.responses import json_bytes
from api.core.scope import Scope
from api.mentoring.models import Match, Participant, Program
from api.mentoring.service.match_history_rows import (
    ColumnMap,
    HeaderProblem,
    MatchLine,
    ParsedFile,
    RowIssue,
    parse_matches,
)
from api.mentoring.service.set_writes import insert_records, update_records
from api.mentoring.vocabulary import OPEN_MATCH_STATUSES, ParticipantRole

PARTICIPANTS = "mentoring_participants"
MATCHES = "mentoring_matches"
MATCH_FIELDS = (
    "mentor_id",
    "mentee_id",
    "status",
    "started_on",
    "ended_on",
    "end_reason",
    "source_stage",
    "source_program",
    "source_length_months",
)
Record = dict[str, Any]
PARTICIPANT_TABLE = cast(Table, Participant.__table__)
MATCH_TABLE = cast(Table, Match.__table__)
Progress = Callable[[str, int, int], None]


@dataclass
class ImportOutcome:
    atomic: bool
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    participants_created: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len({issue.line for issue in self.errors})


async def writable_program(session: AsyncSession, scope: Scope, program_id: uuid.UUID) -> Program:
    """The programme, when the caller may write to it: 404 out of scope, 403 read-only."""
    program = await session.scalar(
        select(Program).where(Program.id == program_id, programs_visible(scope))
    )
    if program is None:
        raise NotFound("No such programme in your scope.")
    writable = await session.scalar(
        select(Program.id).where(Program.id == program_id, programs_writable(scope))
    )
    if writable is None:
        raise Forbidden("You may see this programme but not import into it.")
    return program


async def import_matches(
    session: AsyncSession,
    program: Program,
    text: str,
    columns: ColumnMap,
    *,
    atomic: bool,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Check every line, then write the file's participants and matches in sets.

    The caller commits. With `atomic` and a bad line, raises Unprocessable and writes
    nothing. `progress(stage, done, total)` hears of each stage as it completes.
    """
    with collector_paused():
        return await _import(session, program, text, columns, atomic, progress or _silent)


def _silent(stage: str, done: int, total: int) -> None:
    del stage, done, total


async def _import(
    session: AsyncSession,
    program: Program,
    text: str,
    columns: ColumnMap,
    atomic: bool,
    progress: Progress,
) -> ImportOutcome:
    try:
        parsed = parse_matches(text, columns)
    except HeaderProblem as problem:
        raise Unprocessable(
            str(problem),
            errors=[
                {
                    "loc": ["query", f"{name}_column"],
                    "msg": f"no column {column!r}",
                    "type": "missing_column",
                }
                for name, column in problem.missing
            ],
        ) from None
    progress("read", parsed.lines, parsed.lines)
    outcome = ImportOutcome(atomic=atomic, lines=parsed.lines, warnings=parsed.warnings)
    plan = _Plan(program, columns, parsed)
    await plan.read_stored(session)
    plan.check_keys()
    outcome.errors = sorted(parsed.errors, key=lambda issue: (issue.line, issue.column))
    if atomic and outcome.errors:
        raise Unprocessable(
            f"{outcome.failed} line(s) failed; with atomic=true nothing was written.",
            errors=[
                {"loc": ["body", issue.line, issue.column], "msg": issue.text(), "type": "line"}
                for issue in outcome.errors
            ],
        )
    progress("checked", parsed.lines, parsed.lines)
    await plan.write(session, outcome)
    progress("written", parsed.lines, parsed.lines)
    return outcome


class _Plan:
    """The file's lines against the programme's stored participants and matches."""

    def __init__(self, program: Program, columns: ColumnMap, parsed: ParsedFile) -> None:
        self.program = program
        self.columns = columns
        self.parsed = parsed
        self.people: dict[tuple[str, str], Record] = {}
        self.matches: dict[str, Record] = {}
        self.open_for_mentee: dict[uuid.UUID, list[str | None]] = {}
        self.events: list[PendingEvent] = []

    async def read_stored(self, session: AsyncSession) -> None:
        participants = PARTICIPANT_TABLE
        found = await session.execute(
            select(participants.c.id, participants.c.role, participants.c.external_id).where(
                participants.c.program_id == self.program.id,
                participants.c.external_id.is_not(None),
            )
        )
        for row in found:
            self.people[row.role, row.external_id] = {"id": row.id}
        table = MATCH_TABLE
        stored = await session.execute(
            select(table).where(table.c.program_id == self.program.id).with_for_update()
        )
        names = list(stored.keys())
        for values in stored:
            record = dict(zip(names, values, strict=True))
            if record["external_id"] is not None:
                self.matches[record["external_id"]] = record
            if record["status"] in OPEN_MATCH_STATUSES:
                self.open_for_mentee.setdefault(record["mentee_id"], []).append(
                    record["external_id"]
                )

    def check_keys(self) -> None:
        """A match id once per file; one open match per mentee, file and records together."""
        in_file = {row.external_id for row in self.parsed.rows}
        first_line: dict[str, int] = {}
        opened_on: dict[str, int] = {}
        kept: list[MatchLine] = []
        for row in self.parsed.rows:
            if row.external_id in first_line:
                self._fail(row, "match_id", f"repeats line {first_line[row.external_id]}")
                continue
            first_line[row.external_id] = row.line
            if row.status in OPEN_MATCH_STATUSES:
                if row.mentee in opened_on:
                    self._fail(
                        row, "mentee", f"already has an open match on line {opened_on[row.mentee]}"
                    )
                    continue
                if self._open_elsewhere(row, in_file):
                    self._fail(row, "mentee", "already has an open match in this programme")
                    continue
                opened_on[row.mentee] = row.line
            kept.append(row)
        self.parsed.rows = kept

    def _open_elsewhere(self, row: MatchLine, in_file: set[str]) -> bool:
        """An open stored match of the mentee that the file does not mention."""
        mentee = self.people.get((ParticipantRole.mentee, row.mentee))
        if mentee is None:
            return False
        others = self.open_for_mentee.get(mentee["id"], [])
        return any(ext is None or ext not in in_file for ext in others)

    def _fail(self, row: MatchLine, name: str, message: str) -> None:
        self.parsed.errors.append(RowIssue(row.line, getattr(self.columns, name), message))

    async def write(self, session: AsyncSession, outcome: ImportOutcome) -> None:
        now = utcnow()
        new_people = self._new_participants(now)
        outcome.participants_created = len(new_people)
        await insert_records(session, PARTICIPANT_TABLE, new_people)
        made: list[Record] = []
        # Keyed by (opens the match, columns changed): closing writes go first.
        changed: dict[tuple[bool, frozenset[str]], list[Record]] = {}
        for row in self.parsed.rows:
            values = self._values(row)
            record = self.matches.get(row.external_id)
            if record is None:
                made.append(self._new_match(row, values, now))
                continue
            diff = {k: [record[k], v] for k, v in values.items() if record[k] != v}
            if not diff:
                outcome.unchanged += 1
                continue
            record.update({k: after for k, (_, after) in diff.items()})
            record["version"] += 1
            record["updated_at"] = now
            opening = record["status"] in OPEN_MATCH_STATUSES
            changed.setdefault((opening, frozenset(diff)), []).append(record)
            self.events.append(self._event(record, Operation.update, diff))
        outcome.created, outcome.updated = len(made), sum(len(r) for r in changed.values())
        for (_, names), records in sorted(changed.items(), key=lambda item: item[0][0]):
            columns = sorted(names | {"version", "updated_at"})
            await update_records(session, MATCH_TABLE, records, columns)
        await insert_records(session, MATCH_TABLE, made)
        # As `event_changes` would make them, in one conversion for the whole batch
        # (these tables hold no hashes for it to redact).
        plain = orjson.loads(json_bytes([event.changes for event in self.events]))
        for event, changes in zip(self.events, plain, strict=True):
            event.changes = changes
            record_event(session, event)

    def _new_participants(self, now: Any) -> list[Record]:
        first_date: dict[tuple[str, str], Any] = {}
        for row in self.parsed.rows:
            for key in ((ParticipantRole.mentor, row.mentor), (ParticipantRole.mentee, row.mentee)):
                if key not in self.people:
                    known = first_date.get(key)
                    first_date[key] = (
                        row.started_on if known is None else min(known, row.started_on)
                    )
        made = []
        for (role, external_id), enrolled_on in first_date.items():
            record = _participant(self.program.id, role, external_id, enrolled_on, now)
            self.people[role, external_id] = record
            changes = {k: [None, v] for k, v in record.items()}
            self.events.append(self._event(record, Operation.create, changes, PARTICIPANTS))
            made.append(record)
        return made

    def _values(self, row: MatchLine) -> Record:
        return {
            "mentor_id": self.people[ParticipantRole.mentor, row.mentor]["id"],
            "mentee_id": self.people[ParticipantRole.mentee, row.mentee]["id"],
            "status": row.status.value,
            "started_on": row.started_on,
            "ended_on": row.ended_on,
            "end_reason": row.end_reason,
            "source_stage": row.source_stage,
            "source_program": row.source_program,
            "source_length_months": row.source_length_months,
        }

    def _new_match(self, row: MatchLine, values: Record, now: Any) -> Record:
        record = {
            "id": new_id(),
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "program_id": self.program.id,
            "external_id": row.external_id,
            "focus_areas": [],
            "goal_ids": [],
            "score": None,
            "last_check_in_on": None,
            "check_in_count": 0,
            **values,
        }
        self.matches[row.external_id] = record
        changes = {k: [None, v] for k, v in record.items()}
        self.events.append(self._event(record, Operation.create, changes))
        return record

    def _event(
        self,
        record: Record,
        operation: Operation,
        changes: dict[str, Any],
        resource: str = MATCHES,
    ) -> PendingEvent:
        return PendingEvent(
            resource=resource,
            resource_id=record["id"],
            operation=operation,
            version=record["version"],
            changes=changes,
            district_id=self.program.district_id,
        )


def _participant(
    program_id: uuid.UUID, role: str, external_id: str, enrolled_on: Any, now: Any
) -> Record:
    return {
        "id": new_id(),
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "program_id": program_id,
        "person_id": None,
        "role": str(role),
        "school_id": None,
        "district_id": None,
        "staff_role": None,
        "supervisor_id": None,
        "subjects": [],
        "grade_levels": [],
        "school_level": None,
        "locale_type": None,
        "interests": [],
        "years_experience": None,
        "capacity": None,
        "enrolled_on": enrolled_on,
        "left_on": None,
        "left_reason": None,
        "external_id": external_id,
    }
