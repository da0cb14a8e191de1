"""Action items across agreements: the worklist of who owes what by when."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Select, and_, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.partners import agreements_visible, agreements_writable
from api.core import nested_records
from api.core.crud import get_record
from api.core.db import Column, utcnow
from api.core.errors import Forbidden, Unprocessable
from api.core.filtering import Condition, any_of, flag, narrowed
from api.core.pagination import PageParams, PageResult, SortKey, fetch_page, parse_sort
from api.core.scope import Scope
from api.partners.models import ActionItem, Agreement
from api.partners.schemas import ActionItemRead, ActionItemUpdate
from api.partners.service.agreements import place_of
from api.partners.service.people_named import nameable

RESOURCE = "action_items"
# Undated items sort after every dated one, and keyset pages need a value to compare.
NO_DUE_DATE = dt.date(9999, 12, 31)
DUE = func.coalesce(ActionItem.due_date, literal(NO_DUE_DATE, Date))
READ_COLUMNS = [ActionItem.__table__.c[name] for name in ActionItemRead.model_fields]
SORTABLE: dict[str, Column] = {
    "due_date": DUE,
    "created_at": ActionItem.created_at,
    "updated_at": ActionItem.updated_at,
}


@dataclass(frozen=True)
class ActionItemFilters:
    owner_id: list[uuid.UUID] | None = None
    agreement_id: list[uuid.UUID] | None = None
    partner_id: list[uuid.UUID] | None = None
    open: bool | None = None
    overdue: bool | None = None
    due_before: dt.date | None = None


def _visible(scope: Scope) -> Any:
    return ActionItem.agreement_id.in_(select(Agreement.id).where(agreements_visible(scope)))


def _overdue(overdue: bool | None, today: dt.date) -> Condition:
    if overdue is None:
        return None
    if overdue:
        return and_(ActionItem.done.is_(False), ActionItem.due_date < today)
    return (
        ActionItem.done.is_(True) | ActionItem.due_date.is_(None) | (ActionItem.due_date >= today)
    )


def filtered(scope: Scope, filters: ActionItemFilters, today: dt.date) -> Select[Any]:
    partner_id = filters.partner_id
    stmt = select(*READ_COLUMNS, DUE.label("due_sort"))
    return narrowed(
        stmt if scope.everything else stmt.where(_visible(scope)),
        any_of(ActionItem.owner_id, filters.owner_id),
        any_of(ActionItem.agreement_id, filters.agreement_id),
        None
        if not partner_id
        else ActionItem.agreement_id.in_(
            select(Agreement.id).where(Agreement.partner_id.in_(partner_id))
        ),
        flag(ActionItem.done, None if filters.open is None else not filters.open),
        _overdue(filters.overdue, today),
        None if not filters.due_before else ActionItem.due_date < filters.due_before,
    )


def sort_keys(sort: str | None) -> list[SortKey]:
    keys = parse_sort(sort, SORTABLE, default="due_date")
    # The cursor reads each key from the row by name; the due date's sort value is `due_sort`.
    return [
        SortKey("due_sort", k.column, k.descending) if k.name == "due_date" else k for k in keys
    ]


async def list_action_items(
    session: AsyncSession,
    scope: Scope,
    filters: ActionItemFilters,
    page: PageParams,
    today: dt.date,
) -> PageResult:
    stmt = filtered(scope, filters, today)
    return await fetch_page(session, stmt, page, sort_keys(page.sort), ActionItem.id)


async def get_action_item(session: AsyncSession, scope: Scope, item_id: uuid.UUID) -> ActionItem:
    return await get_record(session, ActionItem, item_id, _visible(scope))


async def update_action_item(
    session: AsyncSession, scope: Scope, item: ActionItem, patch: ActionItemUpdate
) -> bool:
    if not scope.everything:
        writable = await session.scalar(
            select(Agreement.id).where(
                Agreement.id == item.agreement_id, agreements_writable(scope)
            )
        )
        if writable is None:
            raise Forbidden("You can read this action item but not change it.")
    changes = patch.changes()
    owner_id = changes.get("owner_id")
    agreement = await session.get(Agreement, item.agreement_id)
    assert agreement is not None
    if (
        owner_id is not None
        and owner_id != item.owner_id
        and not await nameable(session, scope, agreement, [owner_id])
    ):
        raise Unprocessable(
            "The owner is not a known person.",
            errors=[{"loc": ["body", "owner_id"], "msg": "person not found", "type": "reference"}],
        )
    if "done" in changes:
        if changes["done"] and not item.done:
            changes["done_at"] = utcnow()
        elif not changes["done"]:
            changes["done_at"] = None
    place = await place_of(session, agreement)
    return await nested_records.save_changes(session, item, changes, {}, RESOURCE, place)


def item_body(item: ActionItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in ActionItemRead.model_fields}
