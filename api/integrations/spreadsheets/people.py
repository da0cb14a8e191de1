"""`import_people`: a people CSV, each row a person with a role at the school or district
it names.

A row's person is matched by external id (`sis_id`), else by email, else by name at the
same place; rows naming one new person share one record. People and their role
assignments are written in sets by the directory's bulk rows, with their feed events.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.bulk import bulk_upsert
from api.core.events import PENDING_EVENTS, Operation, PendingEvent
from api.core.events import Place as FeedPlace
from api.core.import_report import Action, LineIssue
from api.core.records import new_id
from api.core.scope import Scope
from api.directory.models import Person, RoleAssignment
from api.directory.service.people import PersonRows
from api.directory.service.person_places import RESOURCE as PEOPLE
from api.directory.service.person_places import places_of_people
from api.integrations.spreadsheets.assignment_rows import AssignmentRows
from api.integrations.spreadsheets.cells import normalised
from api.integrations.spreadsheets.directory import (
    CHUNK,
    Index,
    NotPlaced,
    Wanted,
    load,
)
from api.integrations.spreadsheets.mappings import PeopleMapping, require_columns
from api.integrations.spreadsheets.people_rows import BadLine, LineReader, PersonLine
from api.integrations.spreadsheets.rehearsal import run_writes
from api.integrations.spreadsheets.report import DiffEntry, SpreadsheetReport
from api.integrations.spreadsheets.results import Answer, answers, row_errors
from api.integrations.spreadsheets.sheet import SheetRow, read_sheet

ACTIONS: dict[str, Action] = {"created": "create", "updated": "update", "unchanged": "unchanged"}


@dataclass
class _Line:
    row: SheetRow
    read: PersonLine
    person_id: uuid.UUID | None = None
    person_version: int = 0
    action: Action = "unchanged"
    failed: bool = False


async def import_people(
    session: AsyncSession, scope: Scope, data: bytes, mapping: PeopleMapping, *, dry_run: bool
) -> SpreadsheetReport:
    """Import the file in a savepoint of the session's transaction (the caller commits);
    a bad file or a column the mapping names and the file lacks is refused with 422."""
    sheet = read_sheet(data)
    require_columns(mapping.columns, sheet.header)
    report = SpreadsheetReport(dry_run=dry_run)
    schools, districts = await _directory(session, scope, mapping, sheet.rows)
    reader = LineReader(mapping, schools, districts)
    lines: list[_Line] = []
    for row in sheet.rows:
        try:
            lines.append(_Line(row, reader.read(row.cells)))
        except (BadLine, NotPlaced) as reason:
            report.fail(row.line, str(reason), row.cells)

    async def write() -> None:
        await _write_people(session, scope, lines, report)
        titled = mapping.columns.title is not None
        await _write_assignments(session, scope, lines, report, titled)

    await run_writes(session, write, dry_run=dry_run)
    for line in lines:
        if not line.failed:
            report.count(line.action)
    report.errors.sort(key=LineIssue.position)
    return report


async def _directory(
    session: AsyncSession, scope: Scope, mapping: PeopleMapping, rows: Sequence[SheetRow]
) -> tuple[Index, Index]:
    reader = LineReader(mapping, Index(), Index())

    def wanted(field: str) -> set[str]:
        return {v for row in rows if (v := reader.value(row.cells, field)) is not None}

    columns = mapping.columns
    districts = await load(
        session,
        scope,
        "district",
        Wanted(
            wanted("district_nces_id"),
            wanted("district_state_id"),
            columns.district_name is not None,
            mapping.state,
        ),
    )
    schools = Index()
    if columns.places_schools:
        schools = await load(
            session,
            scope,
            "school",
            Wanted(
                wanted("school_nces_id"),
                wanted("school_state_id"),
                columns.school_name is not None,
                mapping.state,
            ),
        )
    return schools, districts


# People


async def _write_people(
    session: AsyncSession, scope: Scope, lines: list[_Line], report: SpreadsheetReport
) -> None:
    """One write per person, with the values of the first line naming them: later lines
    (the same principal at a second campus) add roles only, so a re-import of the file
    finds everyone unchanged instead of swapping their details back and forth."""
    known = await _known_people(session, [line.read for line in lines])
    new_by_sis_id: dict[str, uuid.UUID] = {}
    people: dict[Any, tuple[dict[str, Any], list[_Line]]] = {}
    for line in lines:
        person = dict(line.read.person)
        sis_id = person.get("sis_id")
        if not sis_id or sis_id not in known.sis_ids:
            # Without a stored external id to match, the email or the name at the place
            # finds the person; lines naming a new one share the id the first one gets.
            try:
                found = known.match(line.read)
            except _SharedEmail as reason:
                line.failed = True
                report.fail(line.row.line, str(reason), line.row.cells)
                continue
            if found is None:
                found = new_by_sis_id.setdefault(sis_id, new_id()) if sis_id else new_id()
                known.add(line.read, found, line.row.line)
            person["id"] = found
        people.setdefault(person.get("id") or sis_id, (person, []))[1].append(line)
    written = list(people.values())
    for start in range(0, len(written), CHUNK):
        chunk = written[start : start + CHUNK]
        result = await bulk_upsert(
            session, [person for person, _ in chunk], PersonRows(scope), atomic=False
        )
        for (_, named), answer in zip(chunk, answers(result), strict=True):
            _take_person(named, answer, report)


def _take_person(lines: list[_Line], answer: Answer, report: SpreadsheetReport) -> None:
    status, record_id, version, errors = answer
    if record_id is None:
        for line in lines:
            line.failed = True
            report.fail(line.row.line, row_errors(errors), line.row.cells)
        return
    for line in lines:
        line.person_id, line.person_version = record_id, version
    lines[0].action = ACTIONS[status]
    keys = {"id": str(record_id), "line": str(lines[0].row.line)}
    keys |= {k: str(v) for k, v in lines[0].read.person.items() if v is not None}
    report.diff.append(DiffEntry(ACTIONS[status], PEOPLE, keys))


class _SharedEmail(Exception):
    """Two people with one email (a shared office mailbox, say): not merged into one."""


@dataclass(frozen=True)
class _Named:
    id: uuid.UUID
    given: str
    family: str
    where: str

    def is_also(self, given: str, family: str) -> bool:
        """The same person, perhaps with a new family or given name; not when both differ."""
        return normalised(given) == self.given or normalised(family) == self.family


@dataclass
class _Known:
    sis_ids: set[str] = field(default_factory=set)
    by_email: dict[str, _Named] = field(default_factory=dict)
    by_name: dict[tuple[str, str, uuid.UUID], uuid.UUID] = field(default_factory=dict)

    def match(self, read: PersonLine) -> uuid.UUID | None:
        given, family = read.person["given_name"], read.person["family_name"]
        email = read.person.get("email")
        if email and (named := self.by_email.get(email.casefold())) is not None:
            if not named.is_also(given, family):
                raise _SharedEmail(
                    f"the email {email} is already that of {named.where}; "
                    "map an external id to tell the two people apart"
                )
            return named.id
        return self.by_name.get((normalised(given), normalised(family), read.place.id))

    def add(self, read: PersonLine, person_id: uuid.UUID, line: int) -> None:
        given, family = read.person["given_name"], read.person["family_name"]
        if email := read.person.get("email"):
            where = f"{given} {family} (line {line})"
            named = _Named(person_id, normalised(given), normalised(family), where)
            self.by_email.setdefault(email.casefold(), named)
        self.by_name.setdefault((normalised(given), normalised(family), read.place.id), person_id)


async def _known_people(session: AsyncSession, reads: Sequence[PersonLine]) -> _Known:
    """The stored people the lines may name, by external id, email, and name at a place.
    Every person is read here whatever the scope: the bulk rows refuse, line by line,
    a match the caller may not change."""
    sis_ids = {sid for read in reads if (sid := read.person.get("sis_id"))}
    emails = {email.casefold() for read in reads if (email := read.person.get("email"))}
    known = _Known()
    for chunk in _chunks(sis_ids):
        known.sis_ids |= set(
            await session.scalars(select(Person.sis_id).where(Person.sis_id.in_(chunk)))
        )
    for chunk in _chunks(emails):
        stmt = select(
            func.lower(Person.email), Person.id, Person.given_name, Person.family_name
        ).where(func.lower(Person.email).in_(chunk))
        stored = await session.execute(stmt.order_by(Person.created_at, Person.id))
        for email, person_id, given, family in stored:
            where = f"{given} {family}, already in the directory"
            named = _Named(person_id, normalised(given), normalised(family), where)
            known.by_email.setdefault(email, named)
    schools = {read.place.id for read in reads if read.place.kind == "school"}
    districts = {read.place.id for read in reads if read.place.kind == "district"}
    for chunk in _chunks(schools | districts):
        stmt = (
            select(
                Person.given_name,
                Person.family_name,
                Person.id,
                RoleAssignment.school_id,
                RoleAssignment.district_id,
            )
            .join(RoleAssignment, RoleAssignment.person_id == Person.id)
            .where(or_(RoleAssignment.school_id.in_(chunk), RoleAssignment.district_id.in_(chunk)))
            .order_by(Person.created_at, Person.id)
        )
        for given, family, person_id, school_id, district_id in await session.execute(stmt):
            held_at = school_id or district_id
            if held_at is not None:
                names = (normalised(given), normalised(family), held_at)
                known.by_name.setdefault(names, person_id)
    return known


def _chunks(values: Iterable[Any]) -> list[list[Any]]:
    ordered = sorted(values)
    return [ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK)]


# Role assignments


async def _write_assignments(
    session: AsyncSession,
    scope: Scope,
    lines: list[_Line],
    report: SpreadsheetReport,
    titled: bool,
) -> None:
    placed = [line for line in lines if not line.failed and line.person_id is not None]
    stored = await _stored_assignments(
        session, {line.person_id for line in placed if line.person_id}
    )
    held = {
        person_id: set(places)
        for person_id, places in (
            await places_of_people(session, [line.person_id for line in placed if line.person_id])
        ).items()
    }
    new_ids: dict[tuple[Any, ...], uuid.UUID] = {}
    raw: list[dict[str, Any]] = []
    for line in placed:
        place = line.read.place
        key = (line.person_id, place.kind, place.id, line.read.role.value)
        values: dict[str, Any] = {
            "id": stored.get(key) or new_ids.setdefault(key, new_id()),
            "person_id": line.person_id,
            "school_id": place.id if place.kind == "school" else None,
            "district_id": place.id if place.kind == "district" else None,
            "role": line.read.role,
        }
        if titled:
            values["title"] = line.read.title
        raw.append(values)
    for start in range(0, len(placed), CHUNK):
        chunk = placed[start : start + CHUNK]
        before = len(session.info.get(PENDING_EVENTS, []))
        created: list[_Line] = []
        result = await bulk_upsert(
            session, raw[start : start + CHUNK], AssignmentRows(scope), atomic=False
        )
        for line, (status, record_id, _, errors) in zip(chunk, answers(result), strict=True):
            if record_id is None:
                line.failed = True
                report.fail(line.row.line, row_errors(errors), line.row.cells)
                continue
            if status != "unchanged" and line.action == "unchanged":
                line.action = "update"
            if status == "created":
                created.append(line)
            keys = {
                "id": str(record_id),
                "line": str(line.row.line),
                "person_id": str(line.person_id),
            }
            keys |= {
                f"{line.read.place.kind}_id": str(line.read.place.id),
                "role": line.read.role.value,
            }
            report.diff.append(DiffEntry(ACTIONS[status], "role_assignments", keys))
        _announce(session, created, held, before)


def _announce(
    session: AsyncSession,
    created: list[_Line],
    held: dict[uuid.UUID, set[FeedPlace]],
    before: int,
) -> None:
    """Whoever sees a new place gets the person there, ahead of the role's own event, as
    the directory's assignment writes announce them; a person this import created takes
    the place in their creation event instead. One pass for the whole batch (the
    directory's one-role helper reads every queued event per call)."""
    pending: list[PendingEvent] = session.info.setdefault(PENDING_EVENTS, [])
    creations = {
        event.resource_id: event
        for event in pending
        if event.resource == PEOPLE and event.operation is Operation.create
    }
    visible: list[PendingEvent] = []
    for line in created:
        assert line.person_id is not None
        place = line.read.place
        feed_place = FeedPlace(
            place.district_id,
            place.id if place.kind == "school" else None,
            None,
            district_office=place.kind == "district",
        )
        if feed_place in held.setdefault(line.person_id, set()):
            continue
        held[line.person_id].add(feed_place)
        if (creation := creations.get(line.person_id)) is not None:
            creation.places = (*creation.places, feed_place)
        else:
            event = PendingEvent(
                PEOPLE, line.person_id, Operation.visible, line.person_version, places=(feed_place,)
            )
            visible.append(event)
    pending[before:before] = visible


async def _stored_assignments(
    session: AsyncSession, person_ids: set[uuid.UUID]
) -> dict[tuple[Any, ...], uuid.UUID]:
    found: dict[tuple[Any, ...], uuid.UUID] = {}
    for chunk in _chunks(person_ids):
        stmt = select(
            RoleAssignment.id,
            RoleAssignment.person_id,
            RoleAssignment.school_id,
            RoleAssignment.district_id,
            RoleAssignment.role,
        ).where(RoleAssignment.person_id.in_(chunk), RoleAssignment.partner_id.is_(None))
        for record_id, person_id, school_id, district_id, role in await session.execute(stmt):
            kind = "school" if school_id else "district"
            found.setdefault((person_id, kind, school_id or district_id, role), record_id)
    return found
