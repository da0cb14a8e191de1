"""Mentoring and coaching programmes."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.mentoring import programs_visible, programs_writable
from api.core.crud import check_writable, create_record, delete_record, get_record, update_record
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.filtering import any_of, containing, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.mentoring.models import Participant, Program
from api.mentoring.schemas.programs import ProgramCreate, ProgramRead, ProgramUpdate
from api.mentoring.service import program_schools
from api.mentoring.service.references import require_district, require_person, unknown

RESOURCE = "mentoring_programs"
READ_COLUMNS = [Program.__table__.c[name] for name in ProgramRead.model_fields]
SORTABLE = SortOrder.of(Program, "name", "start_date", "created_at", "updated_at", default="name")


@dataclass(frozen=True)
class ProgramFilters:
    kind: Sequence[str] | None = None
    status: Sequence[str] | None = None
    district_id: Sequence[uuid.UUID] | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def place(program: Program) -> dict[str, uuid.UUID | None]:
    return {"district_id": program.district_id}


def filtered(scope: Scope, filters: ProgramFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(programs_visible(scope)),
        any_of(Program.kind, filters.kind),
        any_of(Program.status, filters.status),
        any_of(Program.district_id, filters.district_id),
        containing(filters.q, Program.name),
        since(Program.updated_at, filters.updated_since),
    )


def listed(scope: Scope, filters: ProgramFilters) -> ListQuery:
    return ListQuery(filtered(scope, filters), SORTABLE)


async def get_program(session: AsyncSession, scope: Scope, program_id: uuid.UUID) -> Program:
    return await get_record(session, Program, program_id, programs_visible(scope))


async def get_writable_program(
    session: AsyncSession, scope: Scope, program_id: uuid.UUID
) -> Program:
    """A programme the caller runs: 404 when they cannot see it, 403 when they only take part."""
    program = await get_program(session, scope, program_id)
    await require_writable(session, scope, program)
    return program


async def get_named_program(session: AsyncSession, scope: Scope, program_id: uuid.UUID) -> Program:
    """The programme a body names: 422 on `program_id` when the caller cannot see it,
    403 when they only take part in it."""
    try:
        program = await get_program(session, scope, program_id)
    except NotFound:
        raise unknown("program_id", "programme") from None
    await require_writable(session, scope, program)
    return program


async def require_writable(session: AsyncSession, scope: Scope, program: Program) -> None:
    await check_writable(
        session,
        Program,
        program.id,
        programs_writable(scope),
        "Only the staff running the programme can change it.",
    )


def _require_may_run(scope: Scope, district_id: uuid.UUID | None) -> None:
    """Administrators start any programme; district managers those of their districts."""
    if scope.everything:
        return
    if district_id is None or district_id not in scope.district_ids:
        raise Forbidden("Only a district's managers (or administrators) start its programmes.")


async def _check(session: AsyncSession, scope: Scope, data: ProgramCreate) -> None:
    await require_district(session, scope, data.district_id)
    await require_person(session, scope, data.owner_id, "owner_id")


async def create_program(session: AsyncSession, scope: Scope, data: ProgramCreate) -> Program:
    await _check(session, scope, data)
    _require_may_run(scope, data.district_id)
    return await create_record(session, Program(**data.model_dump()), RESOURCE, place)


async def update_program(
    session: AsyncSession, scope: Scope, program: Program, patch: ProgramUpdate
) -> bool:
    current = {name: getattr(program, name) for name in ProgramCreate.model_fields}
    merged = ProgramCreate.model_validate(current | patch.changes())
    if merged.district_id != program.district_id:
        await require_district(session, scope, merged.district_id)
        _require_may_run(scope, merged.district_id)
    if merged.owner_id != program.owner_id:
        await require_person(session, scope, merged.owner_id, "owner_id")
    return await update_record(session, program, patch.changes(), RESOURCE, place)


async def delete_program(session: AsyncSession, program: Program) -> None:
    enrolled = await session.scalar(
        select(func.count()).select_from(Participant).where(Participant.program_id == program.id)
    )
    if enrolled:
        raise Conflict(
            f"The programme has {enrolled} participant(s); close it (status closed) instead."
        )
    await program_schools.delete_tiers_of(session, program)
    await delete_record(session, program, RESOURCE, place)
