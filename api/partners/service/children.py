"""An agreement's nested lists (schools, services, resources) written as child rows.

A list in a request replaces the stored one; an item that carries the `id` of an
existing item keeps it, so whatever refers to a service (goal alignments) survives
an edit of its wording.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Unprocessable
from api.core.link_sets import replace_links
from api.partners.models import AgreementResource, AgreementSchool, AgreementService
from api.partners.schemas import ResourceInput, ServiceInput

SERVICE_FIELDS = (
    "category",
    "subject",
    "grade_levels",
    "description",
    "target_students",
    "frequency",
)
RESOURCE_FIELDS = ("type", "amount", "unit", "note")


def service_values(item: ServiceInput) -> dict[str, Any]:
    return item.model_dump(mode="json", include=set(SERVICE_FIELDS))


def resource_values(item: ResourceInput) -> dict[str, Any]:
    values = item.model_dump(mode="json", include={"type", "unit", "note"})
    return values | {"amount": float(item.amount)}


def merge_items(
    current: Sequence[dict[str, Any]], incoming: Sequence[Any], field: str
) -> list[dict[str, Any]]:
    """Items naming an existing id are merge-patched onto it: omitted fields stay."""
    stored = {item["id"]: item for item in current}
    unknown = [
        {
            "loc": ["body", field, index, "id"],
            "msg": f"not one of this record's {field}",
            "type": "id",
        }
        for index, item in enumerate(incoming)
        if item.id is not None and item.id not in stored
    ]
    if unknown:
        raise Unprocessable(f"Some {field} ids are not on this record.", errors=unknown)
    return [
        stored[item.id] | item.model_dump(exclude_unset=True)
        if item.id is not None
        else item.model_dump(exclude_unset=True)
        for item in incoming
    ]


def refuse_ids(items: Sequence[ServiceInput | ResourceInput], field: str) -> None:
    errors = [
        {"loc": ["body", field, index, "id"], "msg": "ids are given by the server", "type": "id"}
        for index, item in enumerate(items)
        if item.id is not None
    ]
    if errors:
        raise Unprocessable("A new agreement's items cannot carry ids.", errors=errors)


async def school_ids_of(session: AsyncSession, agreement_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(AgreementSchool.school_id)
        .where(AgreementSchool.agreement_id == agreement_id)
        .order_by(AgreementSchool.school_id)
    )
    return list(rows)


async def replace_schools(
    session: AsyncSession,
    agreement_id: uuid.UUID,
    before: Sequence[uuid.UUID],
    after: Sequence[uuid.UUID],
) -> None:
    owner, member = AgreementSchool.agreement_id, AgreementSchool.school_id
    await replace_links(session, owner, member, agreement_id, before, after)


Child = AgreementService | AgreementResource


async def sync_items(
    session: AsyncSession,
    model: type[AgreementService] | type[AgreementResource],
    agreement_id: uuid.UUID,
    incoming: Sequence[tuple[uuid.UUID | None, dict[str, Any]]],
    field: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Make the stored items equal `incoming` (id or None, values); return (before, after)."""
    existing: list[Child] = list(
        await session.scalars(
            select(model).where(model.agreement_id == agreement_id).order_by(model.position)
        )
    )
    by_id = {item.id: item for item in existing}
    unknown = [
        {"loc": ["body", field, index, "id"], "msg": "not an item of this agreement", "type": "id"}
        for index, (item_id, _) in enumerate(incoming)
        if item_id is not None and item_id not in by_id
    ]
    if unknown:
        raise Unprocessable(f"Some {field} ids are not on this agreement.", errors=unknown)
    names = SERVICE_FIELDS if model is AgreementService else RESOURCE_FIELDS
    before = [snapshot(item, names) for item in existing]
    kept: set[uuid.UUID] = set()
    after: list[Child] = []
    for position, (item_id, values) in enumerate(incoming):
        if item_id is not None:
            item = by_id[item_id]
            kept.add(item_id)
            for name, value in (values | {"position": position}).items():
                if getattr(item, name) != value:
                    setattr(item, name, value)
        else:
            item = model(agreement_id=agreement_id, position=position, **values)
            session.add(item)
        after.append(item)
    for item in existing:
        if item.id not in kept:
            await session.delete(item)
    await session.flush()
    return before, [snapshot(item, names) for item in after]


def snapshot(item: Child, names: Sequence[str]) -> dict[str, Any]:
    return {"id": item.id} | {name: getattr(item, name) for name in names}
