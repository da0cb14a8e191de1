"""Writing agreements: create, edit (merge patch with nested items) and delete drafts."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import nested_records
from api.core.errors import Conflict
from api.core.scope import Scope
from api.partners import lifecycle
from api.partners.models import Agreement, AgreementResource, AgreementService, Interaction
from api.partners.schemas import AgreementCreate, AgreementUpdate
from api.partners.service import children
from api.partners.service.agreements import (
    PLAN,
    RESOURCE,
    SCALARS,
    nested_items,
    place_for,
    place_of,
    status_of,
)
from api.partners.service.checks import check_contacts, check_parties
from api.partners.vocabulary import AgreementStatus, ResourceType

TOTALS = {
    ResourceType.funding: "funding_usd",
    ResourceType.in_kind: "in_kind_usd",
    ResourceType.volunteer_hours: "volunteer_hours",
    ResourceType.staff_time: "staff_hours",
}


def _plan_columns(data: AgreementCreate) -> dict[str, Any]:
    plan = data.communication_plan
    return plan.model_dump(mode="json", include={"cadence", "channels"}) | {
        name: getattr(plan, name) for name in PLAN if name not in ("cadence", "channels")
    }


def _totals(data: AgreementCreate) -> dict[str, Any]:
    sums = dict.fromkeys(TOTALS.values(), 0.0)
    for resource in data.resources:
        sums[TOTALS[resource.type]] += float(resource.amount)
    students = sum(service.target_students or 0 for service in data.services)
    return {"students_target": students} | {k: round(v, 2) for k, v in sums.items()}


def _scalar_columns(data: AgreementCreate) -> dict[str, Any]:
    return (
        {name: getattr(data, name) for name in SCALARS}
        | {"district_wide": not data.school_ids}
        | _plan_columns(data)
        | _totals(data)
    )


async def write_items(
    session: AsyncSession, agreement_id: uuid.UUID, data: AgreementCreate
) -> dict[str, list[list[dict[str, Any]]]]:
    """Store services and resources; return those that changed as [before, after]."""
    changed: dict[str, list[list[dict[str, Any]]]] = {}
    for field, model, values in (
        ("services", AgreementService, children.service_values),
        ("resources", AgreementResource, children.resource_values),
    ):
        items = getattr(data, field)
        incoming = [(item.id, values(item)) for item in items]
        before, after = await children.sync_items(session, model, agreement_id, incoming, field)
        if before != after:
            changed[field] = [before, after]
    return changed


async def create_agreement(
    session: AsyncSession,
    scope: Scope,
    data: AgreementCreate,
    today: dt.date,
    renews: Agreement | None = None,
) -> Agreement:
    children.refuse_ids(data.services, "services")
    children.refuse_ids(data.resources, "resources")
    if renews is None:
        data = await check_parties(session, scope, data)
    await check_contacts(session, data, today)
    agreement = Agreement(
        **_scalar_columns(data),
        status=AgreementStatus.draft.value,
        renews_id=renews.id if renews else None,
    )
    session.add(agreement)
    await session.flush()
    await children.replace_schools(session, agreement.id, [], data.school_ids)
    items = await write_items(session, agreement.id, data)
    nested = {"school_ids": data.school_ids} | {field: after for field, (_, after) in items.items()}
    await nested_records.record_created(
        session, agreement, nested, RESOURCE, await place_of(session, agreement)
    )
    return agreement


async def as_input(session: AsyncSession, agreement: Agreement) -> dict[str, Any]:
    """The stored agreement in the shape of a create request, items with their ids."""
    _, services, resources = await nested_items(session, [agreement.id])
    return {name: getattr(agreement, name) for name in SCALARS} | {
        "school_ids": await children.school_ids_of(session, agreement.id),
        "services": services[agreement.id],
        "resources": [r | {"amount": str(r["amount"])} for r in resources[agreement.id]],
        "communication_plan": {name: getattr(agreement, name) for name in PLAN},
    }


def _merged(current: dict[str, Any], patch: AgreementUpdate) -> dict[str, Any]:
    changes = patch.changes()
    for field in ("services", "resources"):
        items = getattr(patch, field)
        if items is not None:
            changes[field] = children.merge_items(current[field], items, field)
    if changes.get("school_ids") and "district_id" not in changes:
        changes["district_id"] = None  # found again from the schools
    if "communication_plan" in changes:
        changes["communication_plan"] = (
            current["communication_plan"] | changes["communication_plan"]
        )
    return current | changes


CONTACTS = ("school_contact_id", "partner_contact_id", "escalation_contact_id")


def _contacts_to_check(current: dict[str, Any], merged: AgreementCreate) -> set[str] | None:
    """All contacts when the parties change; otherwise only the contacts that changed,
    so someone leaving does not block editing the rest of the plan."""
    parties = (merged.partner_id, set(merged.school_ids), merged.district_id)
    if parties != (current["partner_id"], set(current["school_ids"]), current["district_id"]):
        return None
    plan = current["communication_plan"]
    return {name for name in CONTACTS if getattr(merged.communication_plan, name) != plan[name]}


async def update_agreement(
    session: AsyncSession,
    scope: Scope,
    agreement: Agreement,
    patch: AgreementUpdate,
    today: dt.date,
) -> bool:
    """Apply a merge patch; terms are frozen once proposed. False when nothing changed."""
    try:
        lifecycle.check_editable(status_of(agreement, today), patch.model_fields_set)
    except lifecycle.NotEditable as refused:
        raise Conflict(
            str(refused), editable_fields=sorted(lifecycle.EDITABLE[refused.status] or ())
        ) from refused
    current = await as_input(session, agreement)
    before = await place_of(session, agreement)
    merged = AgreementCreate.model_validate(_merged(current, patch))
    merged = await check_parties(session, scope, merged, agreement, current["school_ids"])
    await check_contacts(session, merged, today, _contacts_to_check(current, merged))
    nested: dict[str, list[Any]] = {}
    if set(merged.school_ids) != set(current["school_ids"]):
        await children.replace_schools(
            session, agreement.id, current["school_ids"], merged.school_ids
        )
        nested["school_ids"] = [current["school_ids"], sorted(merged.school_ids, key=str)]
    nested |= await write_items(session, agreement.id, merged)
    assert merged.district_id is not None  # resolved from the schools by check_parties
    place = place_for(merged.partner_id, merged.district_id, merged.school_ids, before)
    return await nested_records.save_changes(
        session, agreement, _scalar_columns(merged), nested, RESOURCE, place
    )


async def delete_agreement(session: AsyncSession, agreement: Agreement, today: dt.date) -> None:
    status = status_of(agreement, today)
    if not lifecycle.can_delete(status):
        raise Conflict(
            f"Only drafts can be deleted; this agreement is {status}. "
            "Withdraw or terminate it instead, so its history stays.",
            current_status=status,
            allowed_actions=lifecycle.allowed_actions(status),
        )
    logged = await session.scalar(
        select(func.count(Interaction.id)).where(Interaction.agreement_id == agreement.id)
    )
    if logged:
        raise Conflict(
            f"The draft has {logged} logged interaction(s); delete them first or withdraw it."
        )
    await nested_records.delete_with_event(
        session, agreement, RESOURCE, await place_of(session, agreement)
    )
