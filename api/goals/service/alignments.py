import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.alignments import alignments_visible
from api.access.goals import goals_visible, goals_writable
from api.access.partners import agreements_visible
from api.core.crud import check_writable, create_record, delete_record, get_record, update_record
from api.core.errors import Conflict, Unprocessable
from api.core.events import Place
from api.core.filtering import Condition, any_of, narrowed, since
from api.core.pagination import PageParams, PageResult
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.goals.models import Alignment, Goal
from api.goals.schemas.alignments import AlignmentCreate, AlignmentRead, AlignmentUpdate
from api.goals.service.goal_rules import NOT_YOURS
from api.partners.models import Agreement, AgreementSchool, AgreementService

RESOURCE = "alignments"
READ_COLUMNS = [Alignment.__table__.c[name] for name in AlignmentRead.model_fields]
SORTABLE = SortOrder.of(Alignment, "created_at", "updated_at", default="created_at")


@dataclass(frozen=True)
class AlignmentFilters:
    goal_id: list[uuid.UUID] | None = None
    agreement_id: list[uuid.UUID] | None = None
    school_id: list[uuid.UUID] | None = None
    updated_since: dt.datetime | None = None


def _at_schools(school_ids: Sequence[uuid.UUID] | None) -> Condition:
    if not school_ids:
        return None
    return Alignment.goal_id.in_(select(Goal.id).where(Goal.school_id.in_(school_ids)))


def filtered(scope: Scope, filters: AlignmentFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(alignments_visible(scope)),
        any_of(Alignment.goal_id, filters.goal_id),
        any_of(Alignment.agreement_id, filters.agreement_id),
        _at_schools(filters.school_id),
        since(Alignment.updated_at, filters.updated_since),
    )


async def list_alignments(
    session: AsyncSession, scope: Scope, filters: AlignmentFilters, page: PageParams
) -> PageResult:
    return await SORTABLE.page(session, filtered(scope, filters), page)


async def get_alignment(session: AsyncSession, scope: Scope, alignment_id: uuid.UUID) -> Alignment:
    return await get_record(session, Alignment, alignment_id, alignments_visible(scope))


async def _goal_writable(session: AsyncSession, scope: Scope, goal_id: uuid.UUID) -> None:
    if scope.everything:
        return
    await check_writable(session, Goal, goal_id, goals_writable(scope), NOT_YOURS)


async def get_writable_alignment(
    session: AsyncSession, scope: Scope, alignment_id: uuid.UUID
) -> Alignment:
    """404 outside what the caller sees; 403 when they may not change its goal."""
    alignment = await get_alignment(session, scope, alignment_id)
    await _goal_writable(session, scope, alignment.goal_id)
    return alignment


def _invalid(field: str, message: str) -> Unprocessable:
    return Unprocessable(
        f"{field}: {message}.",
        errors=[{"loc": ["body", field], "msg": message, "type": "reference"}],
    )


async def _check_service(
    session: AsyncSession, agreement_id: uuid.UUID, service_id: uuid.UUID | None
) -> None:
    if service_id is None:
        return
    found = await session.scalar(
        select(AgreementService.id).where(
            AgreementService.id == service_id, AgreementService.agreement_id == agreement_id
        )
    )
    if found is None:
        raise _invalid("service_id", "not a service of this agreement")


async def _serves(session: AsyncSession, agreement: Agreement, goal: Goal) -> bool:
    """An agreement serves a school it names, or every school of its district when it is
    district-wide; a district goal is served by any agreement of its district."""
    if agreement.district_id != goal.district_id:
        return False
    if goal.school_id is None or agreement.district_wide:
        return True
    named = await session.scalar(
        select(
            exists().where(
                AgreementSchool.agreement_id == agreement.id,
                AgreementSchool.school_id == goal.school_id,
            )
        )
    )
    return bool(named)


async def _place(session: AsyncSession, goal_id: uuid.UUID, agreement_id: uuid.UUID) -> Any:
    """An alignment's events go where its goal's do, and to the agreement's partner."""
    row = (
        await session.execute(
            select(Goal.district_id, Goal.school_id, Agreement.partner_id)
            .select_from(Goal)
            .join(Agreement, Agreement.id == agreement_id)
            .where(Goal.id == goal_id)
        )
    ).one()
    places = (Place(row.district_id),) if row.school_id is None else ()
    where = {
        "district_id": row.district_id,
        "school_id": row.school_id,
        "partner_id": row.partner_id,
        "places": places,
    }
    return lambda alignment: where


async def create_alignment(session: AsyncSession, scope: Scope, data: AlignmentCreate) -> Alignment:
    goal = await session.scalar(select(Goal).where(Goal.id == data.goal_id, goals_visible(scope)))
    if goal is None:
        raise _invalid("goal_id", "no such goal in your scope")
    await _goal_writable(session, scope, goal.id)
    agreement = await session.scalar(
        select(Agreement).where(Agreement.id == data.agreement_id, agreements_visible(scope))
    )
    if agreement is None:
        raise _invalid("agreement_id", "no such agreement in your scope")
    await _check_service(session, agreement.id, data.service_id)
    if not await _serves(session, agreement, goal):
        where = "the goal's district" if goal.school_id is None else "the goal's school"
        raise Conflict(
            f"The agreement does not serve {where}: an agreement supports goals of the "
            "schools it names, or of its whole district when it is district-wide."
        )
    taken = await session.scalar(
        select(Alignment.id).where(
            Alignment.goal_id == goal.id, Alignment.agreement_id == agreement.id
        )
    )
    if taken is not None:
        raise Conflict(f"The agreement is already aligned to this goal (alignment {taken}).")
    alignment = Alignment(**data.model_dump())
    return await create_record(
        session, alignment, RESOURCE, await _place(session, goal.id, agreement.id)
    )


async def update_alignment(
    session: AsyncSession, alignment: Alignment, patch: AlignmentUpdate
) -> bool:
    changes = patch.changes()
    if "service_id" in changes:
        await _check_service(session, alignment.agreement_id, changes["service_id"])
    place = await _place(session, alignment.goal_id, alignment.agreement_id)
    return await update_record(session, alignment, changes, RESOURCE, place)


async def delete_alignment(session: AsyncSession, alignment: Alignment) -> None:
    place = await _place(session, alignment.goal_id, alignment.agreement_id)
    await delete_record(session, alignment, RESOURCE, place)
