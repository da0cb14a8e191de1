"""Subscriptions and their delivery log, as their owners (and administrators) see them.

Services never commit and know nothing of HTTP.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.errors import NotFound, Unprocessable
from api.core.pagination import PageParams, PageResult
from api.core.sort_order import SortOrder
from api.integrations.webhooks.addresses import Unreachable, internal_address
from api.integrations.webhooks.models import (
    DeliveryStatus,
    OwnerKind,
    WebhookDelivery,
    WebhookSubscription,
)
from api.integrations.webhooks.schemas import (
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
)
from api.integrations.webhooks.secrets import new_secret, seal

# A rotated-out secret keeps signing beside the new one, so receivers can switch over.
PREVIOUS_SECRET_KEPT = dt.timedelta(hours=24)
PAUSED = "Paused by its owner."
DELIVERY_COLUMNS = [
    WebhookDelivery.event_seq.label("id"),
    *(WebhookDelivery.__table__.c[name] for name in DeliveryRead.model_fields if name != "id"),
]
DELIVERY_SORTABLE = SortOrder(
    {"id": WebhookDelivery.event_seq}, default="-id", tie_breaker=WebhookDelivery.event_seq
)


class Owner:
    """Who acts on subscriptions: their own, or every one for an administrator."""

    def __init__(self, kind: str, owner_id: uuid.UUID, administrator: bool) -> None:
        self.kind = OwnerKind(kind)
        self.id = owner_id
        self.administrator = administrator

    def where(self) -> list[Any]:
        if self.administrator:
            return []
        return [
            WebhookSubscription.owner_kind == self.kind.value,
            WebhookSubscription.owner_id == self.id,
        ]


async def check_url(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host is this network's own (422 naming `url`), or unknown."""
    if allow_private:
        return
    try:
        address = await internal_address(url)
    except Unreachable as exc:
        problem = f"url's host does not resolve ({exc}); give a reachable public address."
    else:
        if address is None:
            return
        problem = (
            f"url resolves to {address}, a private, loopback or link-local address; "
            "webhooks go to public addresses only."
        )
    raise Unprocessable(
        problem, errors=[{"loc": ["body", "url"], "msg": problem, "type": "url_address"}]
    )


def statement(owner: Owner) -> Select[Any]:
    return select(WebhookSubscription).where(*owner.where())


SUBSCRIPTION_COLUMNS = [
    *(
        WebhookSubscription.__table__.c[name]
        for name in WebhookRead.model_fields
        if name != "owner"
    ),
    WebhookSubscription.owner_kind,
    WebhookSubscription.owner_id,
]
SUBSCRIPTION_SORTABLE = SortOrder.of(WebhookSubscription, "created_at", default="created_at")


def read_fields(record: Any) -> dict[str, Any]:
    """A subscription (or a row of its columns) as WebhookRead shows it."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name)
    fields = {name: get(name) for name in WebhookRead.model_fields if name != "owner"}
    return fields | {"owner": f"{get('owner_kind')}:{get('owner_id')}"}


async def list_subscriptions(
    session: AsyncSession, owner: Owner, page: PageParams
) -> tuple[list[dict[str, Any]], PageResult]:
    stmt = select(*SUBSCRIPTION_COLUMNS).where(*owner.where())
    result = await SUBSCRIPTION_SORTABLE.page(session, stmt, page)
    return [read_fields(dict(row)) for row in result.rows], result


async def get_subscription(
    session: AsyncSession, owner: Owner, subscription_id: uuid.UUID
) -> WebhookSubscription:
    found: WebhookSubscription | None = await session.scalar(
        statement(owner).where(WebhookSubscription.id == subscription_id)
    )
    if found is None:
        raise NotFound(f"No webhook with id {subscription_id}.")
    return found


async def create_subscription(
    session: AsyncSession, owner: Owner, data: WebhookCreate, server_key: str, allow_private: bool
) -> tuple[WebhookSubscription, str]:
    await check_url(data.url, allow_private)
    secret = new_secret()
    subscription = WebhookSubscription(
        owner_kind=owner.kind.value,
        owner_id=owner.id,
        url=data.url,
        event_types=list(dict.fromkeys(data.event_types)),
        description=data.description,
        sealed_secret=seal(server_key, secret),
        active=True,
        consecutive_failures=0,
    )
    session.add(subscription)
    await session.flush()
    return subscription, secret


async def update_subscription(
    session: AsyncSession,
    subscription: WebhookSubscription,
    patch: WebhookUpdate,
    allow_private: bool,
) -> None:
    changes = patch.changes()
    if "url" in changes:
        await check_url(changes["url"], allow_private)
        subscription.url = changes["url"]
    if "event_types" in changes:
        subscription.event_types = list(dict.fromkeys(changes["event_types"]))
    if "description" in changes:
        subscription.description = changes["description"]
    if changes.get("active") is True and not subscription.active:
        subscription.active = True
        subscription.disabled_at = subscription.disabled_reason = None
        subscription.consecutive_failures = 0
        subscription.failing_since = None
    elif changes.get("active") is False and subscription.active:
        subscription.active = False
        subscription.disabled_at = utcnow()
        subscription.disabled_reason = PAUSED
    await session.flush()


async def delete_subscription(session: AsyncSession, subscription: WebhookSubscription) -> None:
    await session.delete(subscription)
    await session.flush()


async def rotate_secret(
    session: AsyncSession, subscription: WebhookSubscription, server_key: str
) -> str:
    secret = new_secret()
    subscription.sealed_previous_secret = subscription.sealed_secret
    subscription.previous_secret_until = utcnow() + PREVIOUS_SECRET_KEPT
    subscription.sealed_secret = seal(server_key, secret)
    await session.flush()
    return secret


async def list_deliveries(
    session: AsyncSession, subscription: WebhookSubscription, page: PageParams
) -> PageResult:
    stmt = select(*DELIVERY_COLUMNS).where(WebhookDelivery.subscription_id == subscription.id)
    return await DELIVERY_SORTABLE.page(session, stmt, page)


async def redeliver(
    session: AsyncSession, subscription: WebhookSubscription, delivery_id: int
) -> dict[str, Any]:
    """Queue the delivery again now: sent again if it was sent, retried if it failed."""
    delivery = await session.get(WebhookDelivery, (subscription.id, delivery_id))
    if delivery is None:
        raise NotFound(f"No delivery {delivery_id} for webhook {subscription.id}.")
    delivery.status = DeliveryStatus.pending.value
    delivery.next_attempt_at = utcnow()
    delivery.claimed_until = delivery.claimed_by = None
    delivery.delivered_at = None
    await session.flush()
    return {"id": delivery.event_seq} | {
        name: getattr(delivery, name) for name in DeliveryRead.model_fields if name != "id"
    }
