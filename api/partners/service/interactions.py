"""Interactions logged under an agreement, their attendees and action items."""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Select, Table, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from api.core import nested_records
from api.core.db import utcnow
from api.core.errors import NotFound, Unprocessable
from api.core.filtering import Condition, any_of, narrowed, since, until
from api.core.link_sets import replace_links
from api.core.listing import ListQuery
from api.core.pagination import PageParams, PageResult
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.partners.models import ActionItem, Agreement, Interaction, InteractionAttendee
from api.partners.schemas import (
    ActionItemInput,
    ActionItemRead,
    InteractionCreate,
    InteractionUpdate,
)
from api.partners.service.agreements import place_of
from api.partners.service.children import merge_items
from api.partners.service.people_named import nameable

RESOURCE = "interactions"
ITEMS = "action_items"
COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "agreement_id",
    "occurred_on",
    "kind",
    "channel",
    "duration_minutes",
    "summary",
    "decisions",
)
READ_COLUMNS = [Interaction.__table__.c[name] for name in COLUMNS]
ITEM_COLUMNS = [ActionItem.__table__.c[name] for name in ActionItemRead.model_fields]
EDITABLE = ("occurred_on", "kind", "channel", "duration_minutes", "summary", "decisions")
SORTABLE = SortOrder.of(
    Interaction, "occurred_on", "created_at", "updated_at", default="-occurred_on"
)


@dataclass(frozen=True)
class InteractionFilters:
    kind: Sequence[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    attendee_id: list[uuid.UUID] | None = None


def _attended_by(people: Sequence[uuid.UUID] | None) -> Condition:
    attended = any_of(InteractionAttendee.person_id, people)
    if attended is None:
        return None
    return exists(
        select(InteractionAttendee.person_id).where(
            InteractionAttendee.interaction_id == Interaction.id, attended
        )
    )


def filtered(agreement_id: uuid.UUID, filters: InteractionFilters) -> Select[Any]:
    return narrowed(
        select(*READ_COLUMNS).where(Interaction.agreement_id == agreement_id),
        any_of(Interaction.kind, filters.kind),
        since(Interaction.occurred_on, filters.since or None),
        until(Interaction.occurred_on, filters.until or None),
        _attended_by(filters.attendee_id),
    )


async def bodies(session: AsyncSession, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Interactions with their attendees and action items, in two more queries."""
    ids = [row["id"] for row in rows]
    attendees: dict[Any, list[Any]] = defaultdict(list)
    items: dict[Any, list[Any]] = defaultdict(list)
    if ids:
        for interaction_id, person_id in await session.execute(
            select(InteractionAttendee.interaction_id, InteractionAttendee.person_id)
            .where(InteractionAttendee.interaction_id.in_(ids))
            .order_by(InteractionAttendee.person_id)
        ):
            attendees[interaction_id].append(person_id)
        for item in (
            await session.execute(
                select(*ITEM_COLUMNS)
                .where(ActionItem.interaction_id.in_(ids))
                .order_by(ActionItem.position)
            )
        ).mappings():
            items[item["interaction_id"]].append(dict(item))
    return [
        {name: row[name] for name in COLUMNS}
        | {"attendee_ids": attendees[row["id"]], "action_items": items[row["id"]]}
        for row in rows
    ]


async def list_interactions(
    session: AsyncSession, agreement: Agreement, filters: InteractionFilters, page: PageParams
) -> PageResult:
    query = ListQuery(filtered(agreement.id, filters), SORTABLE, bodies=partial(bodies, session))
    return await query.page(session, page)


async def get_interaction(
    session: AsyncSession, agreement: Agreement, interaction_id: uuid.UUID
) -> Interaction:
    interaction = await session.scalar(
        select(Interaction).where(
            Interaction.id == interaction_id, Interaction.agreement_id == agreement.id
        )
    )
    if interaction is None:
        raise NotFound(f"No interaction with id {interaction_id} under this agreement.")
    return interaction


async def read_interaction(session: AsyncSession, interaction_id: uuid.UUID) -> dict[str, Any]:
    row = (
        (await session.execute(select(*READ_COLUMNS).where(Interaction.id == interaction_id)))
        .mappings()
        .one()
    )
    return (await bodies(session, [row]))[0]


async def _check(
    session: AsyncSession,
    scope: Scope,
    agreement: Agreement,
    data: InteractionCreate,
    today: dt.date,
    own_items: Collection[uuid.UUID] = (),
    already_named: Collection[uuid.UUID] = (),
) -> None:
    errors: list[dict[str, Any]] = []
    if data.occurred_on > today:
        errors.append(
            {
                "loc": ["body", "occurred_on"],
                "msg": "log what happened; plan what is next in the communication plan",
                "type": "date",
            }
        )
    wanted = set(data.attendee_ids) | {i.owner_id for i in data.action_items if i.owner_id}
    # Whoever is named already stays, even if someone else named them.
    kept = wanted & set(already_named)
    known = kept | await nameable(session, scope, agreement, wanted - kept)
    errors += [
        {"loc": ["body", "attendee_ids", index], "msg": "person not found", "type": "reference"}
        for index, person_id in enumerate(data.attendee_ids)
        if person_id not in known
    ]
    for index, item in enumerate(data.action_items):
        if item.owner_id and item.owner_id not in known:
            errors.append(
                {
                    "loc": ["body", "action_items", index, "owner_id"],
                    "msg": "person not found",
                    "type": "reference",
                }
            )
        if item.id is not None and item.id not in own_items:
            errors.append(
                {
                    "loc": ["body", "action_items", index, "id"],
                    "msg": "not an action item of this interaction",
                    "type": "id",
                }
            )
    if errors:
        raise Unprocessable("The interaction is not valid.", errors=errors)


async def lock_agreement(session: AsyncSession, agreement: Agreement) -> None:
    """Serialise writers of one agreement's log so its last interaction date stays right.

    FOR NO KEY UPDATE does not block the key-share locks that inserting a child takes.
    """
    await session.execute(
        select(Agreement.id).where(Agreement.id == agreement.id).with_for_update(key_share=True)
    )


async def refresh_last_interaction(session: AsyncSession, agreement: Agreement) -> None:
    """Keep the agreement's cached last interaction date; not an edit, so no new version."""
    last = await session.scalar(
        select(func.max(Interaction.occurred_on)).where(Interaction.agreement_id == agreement.id)
    )
    table = Agreement.__table__
    assert isinstance(table, Table)
    await session.execute(
        update(table)
        .where(table.c.id == agreement.id)
        .values(last_interaction_on=last, updated_at=table.c.updated_at)
    )
    set_committed_value(agreement, "last_interaction_on", last)


def _item_values(item: ActionItemInput, before: ActionItem | None) -> dict[str, Any]:
    values = item.model_dump(include={"text", "owner_id", "due_date", "done"})
    was_done = before.done if before else False
    if item.done and not was_done:
        values["done_at"] = utcnow()
    elif not item.done:
        values["done_at"] = None
    return values


async def _write_items(
    session: AsyncSession,
    interaction: Interaction,
    incoming: Sequence[ActionItemInput],
    place: nested_records.PlaceArgs,
) -> None:
    """Make the interaction's action items equal the list; each item keeps its own events."""
    existing = {
        item.id: item
        for item in await session.scalars(
            select(ActionItem).where(ActionItem.interaction_id == interaction.id)
        )
    }
    kept: set[uuid.UUID] = set()
    for position, item in enumerate(incoming):
        if item.id is not None:
            stored = existing[item.id]
            kept.add(item.id)
            values = _item_values(item, stored) | {"position": position}
            await nested_records.save_changes(session, stored, values, {}, ITEMS, place)
        else:
            created = ActionItem(
                interaction_id=interaction.id,
                agreement_id=interaction.agreement_id,
                position=position,
                **_item_values(item, None),
            )
            session.add(created)
            await nested_records.record_created(session, created, {}, ITEMS, place)
    for item_id, stored in existing.items():
        if item_id not in kept:
            await nested_records.delete_with_event(session, stored, ITEMS, place)


async def _write_attendees(
    session: AsyncSession,
    interaction_id: uuid.UUID,
    before: Sequence[uuid.UUID],
    after: Sequence[uuid.UUID],
) -> None:
    owner, member = InteractionAttendee.interaction_id, InteractionAttendee.person_id
    await replace_links(session, owner, member, interaction_id, before, after)


async def create_interaction(
    session: AsyncSession,
    scope: Scope,
    agreement: Agreement,
    data: InteractionCreate,
    today: dt.date,
) -> Interaction:
    await _check(session, scope, agreement, data, today)
    await lock_agreement(session, agreement)
    place = await place_of(session, agreement)
    interaction = Interaction(
        agreement_id=agreement.id, **data.model_dump(mode="json", include=set(EDITABLE))
    )
    interaction.occurred_on = data.occurred_on
    session.add(interaction)
    await session.flush()
    await _write_attendees(session, interaction.id, [], data.attendee_ids)
    await nested_records.record_created(
        session, interaction, {"attendee_ids": sorted(data.attendee_ids, key=str)}, RESOURCE, place
    )
    await _write_items(session, interaction, data.action_items, place)
    await refresh_last_interaction(session, agreement)
    return interaction


async def _attendees_of(session: AsyncSession, interaction_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        await session.scalars(
            select(InteractionAttendee.person_id)
            .where(InteractionAttendee.interaction_id == interaction_id)
            .order_by(InteractionAttendee.person_id)
        )
    )


async def update_interaction(
    session: AsyncSession,
    scope: Scope,
    agreement: Agreement,
    interaction: Interaction,
    patch: InteractionUpdate,
    today: dt.date,
) -> bool:
    current = (await bodies(session, [{c: getattr(interaction, c) for c in COLUMNS}]))[0]
    current_input = {name: current[name] for name in EDITABLE} | {
        "attendee_ids": current["attendee_ids"],
        "action_items": [
            {k: item[k] for k in ("id", "text", "owner_id", "due_date", "done")}
            for item in current["action_items"]
        ],
    }
    changes = patch.changes()
    if patch.action_items is not None:
        changes["action_items"] = merge_items(
            current_input["action_items"], patch.action_items, "action_items"
        )
    merged = InteractionCreate.model_validate(current_input | changes)
    own_items = {item["id"] for item in current["action_items"]}
    already_named = set(current["attendee_ids"]) | {
        item["owner_id"] for item in current["action_items"] if item["owner_id"]
    }
    await _check(session, scope, agreement, merged, today, own_items, already_named)
    await lock_agreement(session, agreement)
    place = await place_of(session, agreement)
    nested: dict[str, list[Any]] = {}
    if set(merged.attendee_ids) != set(current["attendee_ids"]):
        await _write_attendees(
            session, interaction.id, current["attendee_ids"], merged.attendee_ids
        )
        nested["attendee_ids"] = [current["attendee_ids"], sorted(merged.attendee_ids, key=str)]
    if "action_items" in patch.model_fields_set:
        await _write_items(session, interaction, merged.action_items, place)
    values = merged.model_dump(mode="json", include=set(EDITABLE))
    values["occurred_on"] = merged.occurred_on
    changed = await nested_records.save_changes(
        session, interaction, values, nested, RESOURCE, place
    )
    await refresh_last_interaction(session, agreement)
    return changed


async def delete_interaction(
    session: AsyncSession, agreement: Agreement, interaction: Interaction
) -> None:
    """The interaction and its action items go, each leaving a tombstone."""
    await lock_agreement(session, agreement)
    place = await place_of(session, agreement)
    await _write_items(session, interaction, [], place)
    await nested_records.delete_with_event(session, interaction, RESOURCE, place)
    await refresh_last_interaction(session, agreement)
