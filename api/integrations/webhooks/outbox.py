"""The outbox: a delivery row for every subscription an event concerns, written in the
transaction that writes the event, so a change and its deliveries commit or vanish together.

Each subscription receives what its owner may read in the change feed (the feed's own
rules, api.access.feed), with the owner's grant as it is when the event is written: a
revoked client or a deactivated user gets nothing more.
"""

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    false,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.feed import named, on_places
from api.auth.models import ApiClient, User
from api.auth.roles import Role, scope_for
from api.core.db import utcnow
from api.core.events import Event, EventPlace, Operation, PendingEvent, on_events_appended
from api.core.scope import Scope
from api.integrations.webhooks.event_types import matches
from api.integrations.webhooks.models import (
    DeliveryStatus,
    OwnerKind,
    WebhookDelivery,
    WebhookSubscription,
)

_OWNERS = (
    select(
        WebhookSubscription.id,
        WebhookSubscription.event_types,
        User.role.label("user_role"),
        User.district_ids.label("user_districts"),
        User.school_ids.label("user_schools"),
        User.partner_id.label("user_partner"),
        ApiClient.role.label("client_role"),
        ApiClient.district_ids.label("client_districts"),
        ApiClient.school_ids.label("client_schools"),
        ApiClient.partner_id.label("client_partner"),
    )
    .outerjoin(
        User,
        and_(
            WebhookSubscription.owner_kind == OwnerKind.user.value,
            User.id == WebhookSubscription.owner_id,
            User.is_active.is_(True),
        ),
    )
    .outerjoin(
        ApiClient,
        and_(
            WebhookSubscription.owner_kind == OwnerKind.client.value,
            ApiClient.id == WebhookSubscription.owner_id,
            ApiClient.revoked_at.is_(None),
        ),
    )
    .where(WebhookSubscription.active.is_(True))
)


def owner_scope(row: Any) -> Scope | None:
    """The owner's scope now, or None when the owner may no longer read anything."""
    if row.user_role is not None:
        return scope_for(
            Role(row.user_role), row.user_districts, row.user_schools, row.user_partner
        )
    if row.client_role is not None:
        return scope_for(
            Role(row.client_role), row.client_districts, row.client_schools, row.client_partner
        )
    return None


async def owner_scopes(session: AsyncSession, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Scope]:
    """The scopes of those of the subscriptions whose owner may still read: an active
    user, a client not revoked."""
    rows = (await session.execute(_OWNERS.where(WebhookSubscription.id.in_(ids)))).all()
    scopes = {row.id: owner_scope(row) for row in rows}
    return {sid: scope for sid, scope in scopes.items() if scope is not None}


def readable(scope: Scope) -> ColumnElement[bool]:
    """The events of the log the scope reads, as GET /events shows them."""
    if scope.everything:
        return Event.operation != Operation.visible.value
    conditions = named(scope, Event)
    beyond = on_places(scope)
    if beyond:
        conditions.append(exists().where(EventPlace.seq == Event.seq, or_(*beyond)))
    return or_(*conditions) if conditions else false()


def _of_types(pairs: set[tuple[str, str]]) -> ColumnElement[bool]:
    return or_(*(and_(Event.resource == resource, Event.operation == op) for resource, op in pairs))


def _arm(
    subscription_id: uuid.UUID, scope: Scope, pairs: set[tuple[str, str]], lowest: Any
) -> Select[Any]:
    now = utcnow()
    columns: list[Any] = [
        literal(subscription_id, WebhookDelivery.subscription_id.type).label("subscription_id"),
        Event.seq,
        (Event.resource + "." + Event.operation).label("event_type"),
        Event.resource_id,
        literal(DeliveryStatus.pending.value).label("status"),
        literal(0).label("attempts"),
        literal(now, WebhookDelivery.next_attempt_at.type).label("next_attempt_at"),
        literal(now, WebhookDelivery.created_at.type).label("created_at"),
    ]
    return select(*columns).where(Event.seq >= lowest, _of_types(pairs), readable(scope))


async def fill_outbox(session: AsyncSession, appended: Sequence[PendingEvent]) -> None:
    subscriptions = (await session.execute(_OWNERS)).all()
    if not subscriptions:
        return
    kinds = {(event.resource, event.operation.value) for event in appended}
    # This transaction's events are the log's newest until it commits (see api.core.events).
    lowest = (
        select(Event.seq).order_by(Event.seq.desc()).offset(len(appended) - 1).limit(1)
    ).scalar_subquery()
    arms = []
    for row in subscriptions:
        scope = owner_scope(row)
        pairs = {pair for pair in kinds if matches(row.event_types, *pair)}
        if scope is not None and pairs:
            arms.append(_arm(row.id, scope, pairs, lowest))
    if not arms:
        return
    columns = [
        "subscription_id",
        "event_seq",
        "event_type",
        "resource_id",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
    ]
    source = arms[0] if len(arms) == 1 else union_all(*arms)
    await session.execute(insert(WebhookDelivery).from_select(columns, source))


def install() -> None:
    on_events_appended(fill_outbox)
