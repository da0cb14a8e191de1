"""A delivery's body and its Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
`webhook-signature`), so any Standard Webhooks or Svix library verifies it."""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from standardwebhooks import Webhook

from api.core.responses import json_bytes


def message_id(subscription_id: uuid.UUID, seq: int) -> str:
    """The same for every attempt at one delivery, so a receiver can drop repeats."""
    return f"msg_{subscription_id.hex}_{seq}"


def body(event: Mapping[str, Any]) -> bytes:
    """The event as the change feed shows it to the subscription's owner, record and all."""
    occurred_at: dt.datetime = event["occurred_at"]
    payload = {
        "type": f"{event['resource']}.{event['operation']}",
        "timestamp": occurred_at.isoformat(),
        "data": event,
    }
    return json_bytes(payload)


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
