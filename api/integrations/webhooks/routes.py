"""`/webhooks`: subscribe a URL to events, rotate its secret, read and replay its deliveries.

Answers carrying a secret are never stored for replay, so these POSTs take no
`Idempotency-Key` (as API clients' do not).
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from api.auth.deps import CurrentPrincipal
from api.auth.roles import Role
from api.core.http import page_response, record_response
from api.core.openapi import IF_MATCH, IF_NONE_MATCH
from api.core.pagination import Page, PageParams, page_body, page_headers, page_params_sorted_by
from api.core.responses import FastJSONResponse
from api.core.routes import created_response, if_match, no_content
from api.core.schemas import INT64_MAX
from api.core.transactions import NonIdempotentRoute, Session
from api.integrations.webhooks import catalogue, service
from api.integrations.webhooks.schemas import (
    DeliveryRead,
    WebhookCreate,
    WebhookEventTypes,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(prefix="/webhooks", route_class=NonIdempotentRoute, tags=["webhooks"])
RESPONSES_URL: dict[int | str, dict[str, Any]] = {
    422: {"description": "The URL is malformed or on a private address."}
}
DeliveryId = Annotated[int, Path(ge=1, le=INT64_MAX, description="The delivery's `id`.")]


async def subscription_owner(principal: CurrentPrincipal) -> service.Owner:
    return service.Owner(principal.kind, principal.id, principal.role is Role.admin)


Owner = Annotated[service.Owner, Depends(subscription_owner)]
SubscriptionPage = Annotated[
    PageParams, Depends(page_params_sorted_by(service.SUBSCRIPTION_SORTABLE))
]
DeliveryPage = Annotated[PageParams, Depends(page_params_sorted_by(service.DELIVERY_SORTABLE))]


def _allow_private(request: Request) -> bool:
    return bool(request.app.state.settings.webhook_allow_private)


def _server_key(request: Request) -> str:
    return str(request.app.state.settings.signing_key)


@router.get("", response_model=Page[WebhookRead])
async def list_webhooks(
    request: Request, session: Session, owner: Owner, page: SubscriptionPage
) -> Response:
    """Your webhook subscriptions (an administrator's: everyone's)."""
    items, result = await service.list_subscriptions(session, owner, page)
    return FastJSONResponse(page_body(items, result), headers=page_headers(request, result))


@router.post("", status_code=201, response_model=WebhookWithSecret, responses=RESPONSES_URL)
async def create_webhook(
    request: Request, session: Session, owner: Owner, body: WebhookCreate
) -> Response:
    """Subscribe a URL to events you may read; the signing secret is in this answer only.

    Each event your scope reads (as `GET /events` shows it) and `event_types` names is
    POSTed to the URL, signed as Standard Webhooks describes (`webhook-id`,
    `webhook-timestamp`, `webhook-signature`), retried with exponential back-off for a
    day, in order per record.
    """
    subscription, secret = await service.create_subscription(
        session, owner, body, _server_key(request), _allow_private(request)
    )
    answer = service.read_fields(subscription) | {"secret": secret}
    return created_response(request, answer, "get_webhook", webhook_id=subscription.id)


@router.get("/event-types", response_model=WebhookEventTypes)
async def list_webhook_event_types() -> Response:
    """What `event_types` can name: each resource whose changes are events, each operation,
    and the pattern a subscription's event types must match. The same for every caller:
    a subscription receives only the events its owner may read."""
    return FastJSONResponse(catalogue.published())


@router.get("/{webhook_id:uuid}", response_model=WebhookRead, openapi_extra=IF_NONE_MATCH)
async def get_webhook(
    request: Request, session: Session, owner: Owner, webhook_id: uuid.UUID
) -> Response:
    """One subscription, with why it was disabled if it was."""
    subscription = await service.get_subscription(session, owner, webhook_id)
    return record_response(request, service.read_fields(subscription))


@router.patch(
    "/{webhook_id:uuid}",
    response_model=WebhookRead,
    responses=RESPONSES_URL,
    openapi_extra=IF_MATCH,
)
async def update_webhook(
    request: Request, session: Session, owner: Owner, webhook_id: uuid.UUID, body: WebhookUpdate
) -> Response:
    """Change the URL, event types or description, pause (`active: false`) or resume."""
    subscription = if_match(request, await service.get_subscription(session, owner, webhook_id))
    await service.update_subscription(session, subscription, body, _allow_private(request))
    return record_response(request, service.read_fields(subscription))


@router.delete("/{webhook_id:uuid}", status_code=204, openapi_extra=IF_MATCH)
async def delete_webhook(
    request: Request, session: Session, owner: Owner, webhook_id: uuid.UUID
) -> Response:
    """Unsubscribe; pending deliveries are dropped with it."""
    subscription = if_match(request, await service.get_subscription(session, owner, webhook_id))
    await service.delete_subscription(session, subscription)
    return no_content()


@router.post("/{webhook_id:uuid}/rotate-secret", response_model=WebhookWithSecret)
async def rotate_webhook_secret(
    request: Request, session: Session, owner: Owner, webhook_id: uuid.UUID
) -> Response:
    """A new signing secret, shown once. For 24 hours deliveries carry a signature by each
    secret, old and new, so a receiver can switch at its own pace."""
    subscription = await service.get_subscription(session, owner, webhook_id)
    secret = await service.rotate_secret(session, subscription, _server_key(request))
    return record_response(request, service.read_fields(subscription) | {"secret": secret})


@router.get("/{webhook_id:uuid}/deliveries", response_model=Page[DeliveryRead])
async def list_webhook_deliveries(
    request: Request, session: Session, owner: Owner, webhook_id: uuid.UUID, page: DeliveryPage
) -> Response:
    """The delivery log, newest first: each event's status, attempts and last answer."""
    subscription = await service.get_subscription(session, owner, webhook_id)
    return page_response(request, await service.list_deliveries(session, subscription, page))


@router.post(
    "/{webhook_id:uuid}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=DeliveryRead,
)
async def redeliver_webhook_delivery(
    session: Session, owner: Owner, webhook_id: uuid.UUID, delivery_id: DeliveryId
) -> Response:
    """Send a delivery again now (delivered or given up); the worker takes it in turn."""
    subscription = await service.get_subscription(session, owner, webhook_id)
    delivery = await service.redeliver(session, subscription, delivery_id)
    return FastJSONResponse(delivery, status_code=202)
