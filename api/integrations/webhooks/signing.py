"""A delivery's body and its Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
`webhook-signature`), so any Standard Webhooks or Svix library verifies it."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from standardwebhooks import Webhook


@dataclass(frozen=True)
class EventFields:
    seq: int
    occurred_at: dt.datetime
    resource: str
    resource_id: uuid.UUID
    operation: str
    version: int


def message_id(subscription_id: uuid.UUID, seq: int) -> str:
    """The same for every attempt at one delivery, so a receiver can drop repeats."""
    return f"msg_{subscription_id.hex}_{seq}"


def body(event: EventFields) -> bytes:
    data: dict[str, Any] = {
        "seq": event.seq,
        "resource": event.resource,
        "resource_id": str(event.resource_id),
        "operation": event.operation,
        "version": event.version,
        "occurred_at": event.occurred_at.isoformat(),
    }
    payload = {
        "type": f"{event.resource}.{event.operation}",
        "timestamp": event.occurred_at.isoformat(),
        "data": data,
    }
    return orjson.dumps(payload)


def headers(
    msg_id: str, content: bytes, secrets: Sequence[str], now: dt.datetime
) -> dict[str, str]:
    """Signed by each secret given (the current one, and a rotated-out one while it lasts)."""
    text = content.decode()
    signatures = " ".join(Webhook(secret).sign(msg_id, now, text) for secret in secrets)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
        "content-type": "application/json",
        "user-agent": "Trellis-Webhooks/1",
    }
