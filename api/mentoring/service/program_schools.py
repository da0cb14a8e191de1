"""Support tiers: each school's tier in a programme, and the cadence and weight it sets."""

import uuid
from typing import Any

from sqlalchemy import Float, Select, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import create_record, delete_record, update_record
from api.core.errors import Conflict, NotFound
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import School
from api.mentoring.models import Program, ProgramSchool
from api.mentoring.schemas.program_schools import (
    ProgramSchoolCreate,
    ProgramSchoolRead,
    ProgramSchoolUpdate,
)
from api.mentoring.service.cadence import tier_cadence_sql, tier_weight_sql
from api.mentoring.service.places import at
from api.mentoring.service.references import require_school

RESOURCE = "mentoring_program_schools"
STORED = [name for name in ProgramSchoolRead.model_fields if not name.startswith("effective_")]
READ_COLUMNS = [ProgramSchool.__table__.c[name] for name in STORED]
SORTABLE = SortOrder.of(ProgramSchool, "created_at", "updated_at", "tier", default="created_at")


async def place_of(session: AsyncSession, tier: ProgramSchool) -> dict[str, Any]:
    district_id = await session.scalar(
        select(School.district_id).where(School.id == tier.school_id)
    )
    return {"district_id": district_id, "school_id": tier.school_id}


def with_effective() -> Select[Any]:
    """Tiers with the cadence and weight each sets, worked out in SQL."""
    return select(
        *READ_COLUMNS,
        tier_cadence_sql().label("effective_cadence_days"),
        cast(tier_weight_sql(), Float).label("effective_caseload_weight"),
    )


def statement(program_id: uuid.UUID) -> Select[Any]:
    """A programme's tiers with the cadence and weight each sets."""
    return with_effective().where(ProgramSchool.program_id == program_id)


def listed(program_id: uuid.UUID) -> ListQuery:
    return ListQuery(statement(program_id), SORTABLE)


async def read_tier(session: AsyncSession, tier: ProgramSchool) -> dict[str, Any]:
    stmt = statement(tier.program_id).where(ProgramSchool.id == tier.id)
    return dict((await session.execute(stmt)).mappings().one())


async def get_tier(session: AsyncSession, program: Program, school_id: uuid.UUID) -> ProgramSchool:
    tier = await session.scalar(
        select(ProgramSchool).where(
            ProgramSchool.program_id == program.id, ProgramSchool.school_id == school_id
        )
    )
    if tier is None:
        raise NotFound(f"School {school_id} has no support tier in this programme.")
    return tier


async def create_tier(
    session: AsyncSession, scope: Scope, program: Program, data: ProgramSchoolCreate
) -> ProgramSchool:
    await require_school(session, scope, data.school_id)
    taken = await session.scalar(
        select(ProgramSchool.id).where(
            ProgramSchool.program_id == program.id, ProgramSchool.school_id == data.school_id
        )
    )
    if taken is not None:
        raise Conflict("The school already has a tier in this programme; change that one.")
    tier = ProgramSchool(program_id=program.id, **data.model_dump())
    return await create_record(session, tier, RESOURCE, at(await place_of(session, tier)))


async def update_tier(
    session: AsyncSession, tier: ProgramSchool, patch: ProgramSchoolUpdate
) -> bool:
    fields = ProgramSchoolCreate.model_fields
    current = {name: getattr(tier, name) for name in fields}
    ProgramSchoolCreate.model_validate(current | patch.changes())
    return await update_record(
        session, tier, patch.changes(), RESOURCE, at(await place_of(session, tier))
    )


async def delete_tier(session: AsyncSession, tier: ProgramSchool) -> None:
    await delete_record(session, tier, RESOURCE, at(await place_of(session, tier)))


async def delete_tiers_of(session: AsyncSession, program: Program) -> None:
    """Every tier of a programme being deleted, each leaving a tombstone."""
    for tier in await session.scalars(
        select(ProgramSchool).where(ProgramSchool.program_id == program.id)
    ):
        await delete_tier(session, tier)
