"""Import NCES school-directory files into districts and schools.

- Every file is opened and recognised before anything is written: one missing
  or foreign file refuses the whole run, so a typo never half-imports.
- District files go before school files, whatever the order given. A school
  whose district is in neither the database nor the files gets a minimal
  district from its own row (LEA id, district name, state), so a school file
  alone imports; a later district file fills that district in.
- Rows are matched by NCES id. New ones are created, changed ones updated
  (version bumped), identical ones left alone, so a rerun writes nothing.
  Districts and schools missing from a file are left as they are.
- One transaction for the run. Events are queued and written at the end under
  the event-log lock (see api.core.events), which is therefore held only for
  that last insert, not for the whole import. A dry run does all the writes,
  so its report is exactly a real run's, then rolls them back.
"""

import asyncio
import uuid
from collections.abc import Sequence
from pathlib import Path

from rich.progress import Progress, TaskID
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.core.db import Base, Database, make_sessionmaker, utcnow
from api.core.events import EVENT_LOCK_KEY, Event
from api.core.import_report import LineIssue
from api.directory.nces.bulk import insert_rows
from api.directory.nces.layouts import (
    DirectoryFile,
    DistrictRow,
    Kind,
    RowError,
    SchoolRow,
    UnrecognisedFile,
    Values,
    open_directory_file,
)
from api.directory.nces.report import FileReport, NcesReport, Refusal
from api.directory.nces.upsert import DISTRICTS, SCHOOLS, Outcome, Record, existing_ids, upsert

ACTOR = "import:nces"
BATCH_SIZE = 2_000
YIELD_EVERY = 50  # rows parsed between chances for the write in flight to proceed
EVENT_BATCH_SIZE = 10_000
# Serialises imports with each other (not with API writes) on PostgreSQL; a
# neighbour of api.core.events.EVENT_LOCK_KEY.
IMPORT_LOCK_KEY = 7_311_979_002


async def import_nces(
    database: Database | AsyncEngine | async_sessionmaker[AsyncSession],
    paths: Sequence[Path],
    *,
    dry_run: bool,
    progress: Progress | None = None,
) -> NcesReport:
    """Import the files in one transaction, committed here (it is a batch job).

    Returns what was (or, with `dry_run`, would have been) created, updated and
    left unchanged per file, with every row error. A missing or foreign file
    refuses the run: the report then lists the refusals and nothing is written.
    `progress` gets one task per file, advanced as lines are imported.
    """
    report = NcesReport(dry_run=dry_run)
    files: list[DirectoryFile] = []
    for path in paths:
        try:
            files.append(open_directory_file(path))
        except UnrecognisedFile as exc:
            report.refused.append(Refusal(path, str(exc)))
    if report.refused:
        return report
    files.sort(key=lambda file: file.layout.kind is Kind.school)
    if isinstance(database, Database):
        sessionmaker = database.sessionmaker
    elif isinstance(database, async_sessionmaker):
        sessionmaker = database
    else:
        sessionmaker = make_sessionmaker(database)
    async with sessionmaker() as session:
        try:
            if session.get_bind().dialect.name == "postgresql":
                await session.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK_KEY)))
            run = _Run(session, progress, dry_run)
            for file in files:
                report.files.append(await run.import_file(file))
            if dry_run:
                await session.rollback()
            else:
                await _append_events(session, run.events)
                await session.commit()
        except BaseException:
            await session.rollback()
            raise
    return report


class _Run:
    """One import's state: its session and timestamp, the events it will append,
    and the districts it has resolved so far."""

    def __init__(self, session: AsyncSession, progress: Progress | None, dry_run: bool) -> None:
        self.session = session
        self.progress = progress
        self.dry_run = dry_run
        self.now = utcnow()
        self.events: list[Values] = []
        self.district_ids: dict[str, uuid.UUID] = {}
        # Why a district could not be made from a school row, for its other schools.
        self.district_problems: dict[str, str] = {}

    async def import_file(self, file: DirectoryFile) -> FileReport:
        """Parse the next batch while the previous one is being written.

        The database's share of the work (index upkeep, round trips) then hides
        the parsing: one write in flight, and the parser yields to it often.
        """
        report = FileReport(path=file.path, layout=file.layout.name, dry_run=self.dry_run)
        task = self._start(file)
        first_seen: dict[tuple[str, str], int] = {}
        batch: list[DistrictRow | SchoolRow] = []
        writing: asyncio.Task[None] | None = None
        try:
            for count, row in enumerate(file.rows(), 1):
                if isinstance(row, RowError):
                    report.issue(row.line, row.message)
                elif repeat := _repeat(file, row, first_seen):
                    report.issue(row.line, repeat)
                else:
                    batch.append(row)
                if len(batch) == BATCH_SIZE:
                    if writing is not None:
                        await writing
                    writing = asyncio.create_task(self._write(file, batch, report, task))
                    batch = []
                if count % YIELD_EVERY == 0:
                    await asyncio.sleep(0)
            if writing is not None:
                await writing
            await self._write(file, batch, report, task)
        finally:
            if writing is not None and not writing.done():
                await asyncio.wait([writing])  # never leave it running on the session
        self._advance(task, file.line_count)
        report.errors.sort(key=LineIssue.position)
        return report

    async def _write(
        self,
        file: DirectoryFile,
        batch: list[DistrictRow | SchoolRow],
        report: FileReport,
        task: TaskID | None,
    ) -> None:
        if batch:
            await self._upsert(file, batch, report)
            self._advance(task, batch[-1].line)

    async def _upsert(
        self, file: DirectoryFile, batch: list[DistrictRow | SchoolRow], report: FileReport
    ) -> None:
        if file.layout.kind is Kind.district:
            records = [(row.line, row.values) for row in batch]
            self._count(file, report, await upsert(self.session, DISTRICTS, records, now=self.now))
            return
        schools = [row for row in batch if isinstance(row, SchoolRow)]
        await self._ensure_districts(file, schools, report)
        ready: list[Record] = []
        for row in schools:
            leaid = row.district["nces_leaid"]
            district_id = self.district_ids.get(leaid)
            if district_id is None:
                report.issue(row.line, self.district_problems[leaid])
            else:
                ready.append((row.line, row.values | {"district_id": district_id}))
        self._count(file, report, await upsert(self.session, SCHOOLS, ready, now=self.now))

    async def _ensure_districts(
        self, file: DirectoryFile, schools: list[SchoolRow], report: FileReport
    ) -> None:
        wanted = {row.district["nces_leaid"] for row in schools} - self.district_ids.keys()
        if not wanted:
            return
        self.district_ids |= await existing_ids(self.session, DISTRICTS, sorted(wanted))
        stubs: dict[str, Record] = {}
        for row in schools:
            leaid = row.district["nces_leaid"]
            if leaid in self.district_ids or leaid in stubs or leaid in self.district_problems:
                continue
            if row.district["name"] is None:
                self.district_problems[leaid] = (
                    f"district {leaid} is in no district file or the directory, "
                    "and the row has no district name to create it from"
                )
            else:
                stubs[leaid] = (row.line, row.district)
        outcome = await upsert(
            self.session, DISTRICTS, list(stubs.values()), now=self.now, update_existing=False
        )
        self.district_ids |= outcome.ids
        report.districts_created += outcome.created
        self.events += outcome.events
        leaid_at = {line: leaid for leaid, (line, _) in stubs.items()}
        for error in outcome.errors:
            self.district_problems[leaid_at[error.line]] = f"district not created: {error.message}"

    def _count(self, file: DirectoryFile, report: FileReport, outcome: Outcome) -> None:
        if file.layout.kind is Kind.district:
            self.district_ids |= outcome.ids
        self.events += outcome.events
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged
        for error in outcome.errors:
            report.issue(error.line, error.message)

    def _start(self, file: DirectoryFile) -> TaskID | None:
        if self.progress is None:
            return None
        return self.progress.add_task(file.path.name, total=file.line_count)

    def _advance(self, task: TaskID | None, line: int) -> None:
        if self.progress is not None and task is not None:
            self.progress.update(task, completed=line)


def _repeat(
    file: DirectoryFile, row: DistrictRow | SchoolRow, first_seen: dict[tuple[str, str], int]
) -> str | None:
    """A second row for the same id in one file is refused, naming the first."""
    key = "nces_leaid" if isinstance(row, DistrictRow) else "nces_id"
    state_key = "state_district_id" if isinstance(row, DistrictRow) else "state_school_id"
    ids = [(column, row.values[column]) for column in (key, state_key) if row.values.get(column)]
    for column, value in ids:
        if (column, value) in first_seen:
            label = file.layout.header_cell(column)
            return f"{label} {value} repeats line {first_seen[column, value]}"
    first_seen.update(dict.fromkeys(ids, row.line))
    return None


async def _append_events(session: AsyncSession, events: list[Values]) -> None:
    """What api.core.events.flush_events does, in bulk: 100,000 events in ~1 s, not ~3."""
    if not events:
        return
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(EVENT_LOCK_KEY)))
    occurred = {"occurred_at": utcnow(), "actor": ACTOR, "partner_id": None}
    table = Base.metadata.tables[Event.__tablename__]
    for start in range(0, len(events), EVENT_BATCH_SIZE):
        rows = [event | occurred for event in events[start : start + EVENT_BATCH_SIZE]]
        await insert_rows(session, table, rows)
