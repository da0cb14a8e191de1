"""People enrolled in programmes."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import people_in_scope, schools_in_scope
from api.access.mentoring import participants_visible, programs_writable
from api.core.bulk import BulkRows
from api.core.crud import create_record, delete_record, get_record, update_record
from api.core.errors import Conflict, NotFound
from api.core.events import Operation
from api.core.filtering import any_of, holds, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import Person, School
from api.mentoring.models import Match, Participant, Program
from api.mentoring.schemas.participants import (
    ParticipantCreate,
    ParticipantRead,
    ParticipantUpdate,
    ParticipantUpsert,
)
from api.mentoring.service import programs
from api.mentoring.service.match_rules import open_matches_of
from api.mentoring.service.participant_rules import (
    DERIVED,
    CurrentRole,
    SchoolFacts,
    check_profile,
    current_roles,
    given_on_update,
    school_facts,
    schools_named,
    with_place,
)
from api.mentoring.service.references import (
    invalid,
    require_district,
    require_person,
    require_school,
    unknown,
)

RESOURCE = "mentoring_participants"
FIELDS = list(ParticipantRead.model_fields)
READ_COLUMNS = [Participant.__table__.c[name] for name in FIELDS]
CREATE_FIELDS = list(ParticipantCreate.model_fields)
SORTABLE = SortOrder.of(
    Participant, "enrolled_on", "created_at", "updated_at", default="enrolled_on"
)


@dataclass(frozen=True)
class ParticipantFilters:
    program_id: Sequence[uuid.UUID] | None = None
    role: Sequence[str] | None = None
    school_id: Sequence[uuid.UUID] | None = None
    district_id: Sequence[uuid.UUID] | None = None
    person_id: Sequence[uuid.UUID] | None = None
    active: bool | None = None
    updated_since: dt.datetime | None = None
    today: dt.date | None = None


def place(record: Any) -> dict[str, Any]:
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name)
    return {"district_id": get("district_id"), "school_id": get("school_id")}


def active_on(today: dt.date) -> Any:
    return or_(Participant.left_on.is_(None), Participant.left_on > today)


def filtered(scope: Scope, filters: ParticipantFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(participants_visible(scope)),
        any_of(Participant.program_id, filters.program_id),
        any_of(Participant.role, filters.role),
        any_of(Participant.school_id, filters.school_id),
        any_of(Participant.district_id, filters.district_id),
        any_of(Participant.person_id, filters.person_id),
        holds(active_on(filters.today or dt.date.today()), filters.active),
        since(Participant.updated_at, filters.updated_since),
    )


def listed(scope: Scope, filters: ParticipantFilters) -> ListQuery:
    return ListQuery(filtered(scope, filters), SORTABLE)


async def get_participant(
    session: AsyncSession, scope: Scope, participant_id: uuid.UUID
) -> Participant:
    return await get_record(session, Participant, participant_id, participants_visible(scope))


async def get_writable_participant(
    session: AsyncSession, scope: Scope, participant_id: uuid.UUID
) -> Participant:
    participant = await get_participant(session, scope, participant_id)
    program = await session.get_one(Program, participant.program_id)
    await programs.require_writable(session, scope, program)
    return participant


async def _check_references(
    session: AsyncSession, scope: Scope, values: dict[str, Any], before: Participant | None
) -> None:
    for field, check in (
        ("school_id", require_school),
        ("district_id", require_district),
    ):
        if before is None or values[field] != getattr(before, field):
            await check(session, scope, values[field])
    if before is None or values["supervisor_id"] != before.supervisor_id:
        await require_person(session, scope, values["supervisor_id"], "supervisor_id")


async def _refuse_enrolled_twice(session: AsyncSession, values: dict[str, Any]) -> None:
    taken = await session.scalar(
        select(Participant.id).where(
            Participant.program_id == values["program_id"],
            Participant.person_id == values["person_id"],
            Participant.role == values["role"],
        )
    )
    if taken is not None:
        raise Conflict(
            f"The person is already a {values['role']} in this programme (participant {taken})."
        )


async def _placed(
    session: AsyncSession, values: dict[str, Any], given: set[str], today: dt.date
) -> dict[str, Any]:
    roles = await current_roles(session, [values["person_id"]], today)
    schools = await school_facts(session, schools_named(values, roles))
    return with_place(values, given, roles, schools)


async def create_participant(
    session: AsyncSession, scope: Scope, data: ParticipantCreate, today: dt.date
) -> Participant:
    await programs.get_named_program(session, scope, data.program_id)
    await require_person(session, scope, data.person_id, "person_id")
    values = await _placed(session, data.model_dump(), set(data.model_fields_set), today)
    check_profile(values)
    await _check_references(session, scope, values, None)
    await _refuse_enrolled_twice(session, values)
    return await create_record(session, Participant(**values), RESOURCE, place)


async def update_participant(
    session: AsyncSession, scope: Scope, participant: Participant, patch: ParticipantUpdate
) -> bool:
    changes = patch.changes()
    current = {name: getattr(participant, name) for name in CREATE_FIELDS}
    merged = ParticipantUpsert.model_validate(current | changes).model_dump(exclude={"id"})
    schools = await school_facts(session, schools_named(merged, {}))
    merged = with_place(merged, given_on_update(set(changes)), {}, schools)
    check_profile(merged)
    await _check_references(session, scope, merged, participant)
    if merged["capacity"] is not None and participant.capacity != merged["capacity"]:
        await _refuse_capacity_below_caseload(session, participant, merged["capacity"])
    updates = {name: merged[name] for name in CREATE_FIELDS if name in changes or name in DERIVED}
    return await update_record(session, participant, updates, RESOURCE, place)


async def _refuse_capacity_below_caseload(
    session: AsyncSession, mentor: Participant, capacity: int
) -> None:
    open_now = await open_matches_of(session, mentor.id)
    if open_now > capacity:
        raise Conflict(
            f"capacity: the mentor has {open_now} open match(es); close some before lowering it.",
            errors=[{"loc": ["body", "capacity"], "msg": "below open matches", "type": "capacity"}],
        )


async def delete_participant(session: AsyncSession, participant: Participant) -> None:
    matched = await session.scalar(
        select(func.count())
        .select_from(Match)
        .where(or_(Match.mentor_id == participant.id, Match.mentee_id == participant.id))
    )
    if matched:
        raise Conflict(
            f"The participant is in {matched} match(es); set left_on instead of deleting."
        )
    await delete_record(session, participant, RESOURCE, place)


class ParticipantRows(BulkRows[ParticipantUpsert]):
    """Bulk rows: matched by id, then external_id (kept unique per programme and role)."""

    model, resource, schema = Participant, RESOURCE, ParticipantUpsert
    keys = ("external_id",)

    def __init__(self, scope: Scope, today: dt.date) -> None:
        self.scope, self.today = scope, today
        self.writable: set[uuid.UUID] = set()
        self.people: set[uuid.UUID] = set()
        self.schools: set[uuid.UUID] = set()
        self.roles: dict[uuid.UUID, CurrentRole] = {}
        self.facts: dict[uuid.UUID, SchoolFacts] = {}
        self.enrolled: set[tuple[Any, ...]] = set()

    async def prepare(
        self,
        session: AsyncSession,
        rows: Sequence[ParticipantUpsert],
        stored: Sequence[dict[str, Any]],
    ) -> None:
        program_ids = {row.program_id for row in rows} | {r["program_id"] for r in stored}
        self.writable = set(
            await session.scalars(
                select(Program.id).where(Program.id.in_(program_ids), programs_writable(self.scope))
            )
        )
        named = {row.person_id for row in rows if row.person_id} | {
            row.supervisor_id for row in rows if row.supervisor_id
        }
        self.people = set(
            await session.scalars(
                select(Person.id).where(
                    Person.id.in_(named), people_in_scope(self.scope, Person.id)
                )
            )
        )
        self.roles = await current_roles(session, named, self.today)
        schools = {row.school_id for row in rows if row.school_id} | {
            role.school_id for role in self.roles.values() if role.school_id
        }
        self.schools = set(
            await session.scalars(
                select(School.id).where(School.id.in_(schools), schools_in_scope(self.scope))
            )
        )
        self.facts = await school_facts(session, schools)
        self.enrolled = {
            tuple(row)
            for row in await session.execute(
                select(Participant.program_id, Participant.person_id, Participant.role).where(
                    Participant.program_id.in_(program_ids),
                    Participant.person_id.in_(named),
                )
            )
        }

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        if record["program_id"] not in self.writable:
            raise NotFound

    def _checked(
        self, values: dict[str, Any], given: set[str], check_school: bool = True
    ) -> dict[str, Any]:
        if values["program_id"] not in self.writable:
            raise unknown("program_id", "programme you run")
        for field in ("person_id", "supervisor_id"):
            if values.get(field) and values[field] not in self.people:
                raise unknown(field, "person")
        values = with_place(values, given, self.roles, self.facts)
        if check_school and values["school_id"] and values["school_id"] not in self.schools:
            raise unknown("school_id", "school")
        check_profile(values)
        return values

    def create(self, row: ParticipantUpsert) -> dict[str, Any]:
        values = self._checked(row.model_dump(exclude={"id"}), set(row.model_fields_set))
        if values["person_id"] is None and values["external_id"] is None:
            raise invalid("person_id", "a participant without a person needs an external_id")
        key = (values["program_id"], values["person_id"], values["role"])
        if values["person_id"] is not None and key in self.enrolled:
            raise Conflict(f"The person is already a {values['role']} in this programme.")
        self.enrolled.add(key)
        return values

    def update(self, record: dict[str, Any], row: ParticipantUpsert) -> dict[str, Any]:
        fixed = ("program_id", "person_id", "role")
        for field in fixed:
            if getattr(row, field) != record[field]:
                raise Conflict(
                    f"{field}: the record matched by id or external_id has another {field}.",
                    errors=[{"loc": [field], "msg": "fixed once enrolled", "type": "conflict"}],
                )
        given = set(row.model_fields_set) - {"id"}
        values = {name: record[name] for name in CREATE_FIELDS} | row.model_dump(include=given)
        values = self._checked(values, given_on_update(given), "school_id" in given)
        return {name: values[name] for name in CREATE_FIELDS if name not in fixed}

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        return place(record)
