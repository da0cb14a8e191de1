"""What a batch of webhook sends came to: each delivery's status after its try (delivered,
due again later, or failed for good), the try in the delivery log, and each
subscription's health (a success clears its failures; sustained failure disables it)."""

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.records import new_id
from api.integrations.webhooks.models import (
    MAX_REASON_LENGTH,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from api.integrations.webhooks.schedule import RetryPolicy

log = logging.getLogger("trellis.webhooks")
OWNER_GONE = "Disabled: its owner was deactivated or revoked, so may read nothing."


@dataclass(frozen=True)
class Claimed:
    subscription_id: uuid.UUID
    seq: int
    attempts: int
    created_at: dt.datetime

    @property
    def key(self) -> tuple[uuid.UUID, int]:
        return self.subscription_id, self.seq


@dataclass(frozen=True)
class Outcome:
    claimed: Claimed
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def record_outcomes(
    session: AsyncSession, outcomes: Sequence[Outcome], policy: RetryPolicy, worker: str
) -> None:
    """The batch's outcomes, in the caller's transaction."""
    now = utcnow()
    changes: list[dict[str, Any]] = []
    for result in outcomes:
        c = result.claimed
        row: dict[str, Any] = {
            "subscription_id": c.subscription_id,
            "event_seq": c.seq,
            "attempts": c.attempts + 1,
            "last_status_code": result.status_code,
            "last_error": result.error,
            "claimed_until": None,
            "claimed_by": None,
        }
        if result.ok:
            row |= {"status": DeliveryStatus.delivered.value, "delivered_at": now}
        else:
            retry_at = policy.next_attempt(c.attempts + 1, c.created_at, now)
            if retry_at is None:
                row["status"] = DeliveryStatus.failed.value
            else:
                row["next_attempt_at"] = retry_at
        changes.append(row)
    await session.execute(update(WebhookDelivery), changes)
    await session.execute(
        insert(WebhookAttempt),
        [
            {
                "id": new_id(),
                "subscription_id": r.claimed.subscription_id,
                "event_seq": r.claimed.seq,
                "attempted_at": now,
                "status_code": r.status_code,
                "error": r.error,
                "duration_ms": r.duration_ms,
                "worker": worker,
            }
            for r in outcomes
        ],
    )
    await _judge_subscriptions(session, outcomes, now, policy)


async def _judge_subscriptions(
    session: AsyncSession, outcomes: Sequence[Outcome], now: dt.datetime, policy: RetryPolicy
) -> None:
    """A success clears a subscription's failures; sustained failure disables it."""
    by_subscription: dict[uuid.UUID, list[Outcome]] = defaultdict(list)
    for result in outcomes:
        by_subscription[result.claimed.subscription_id].append(result)
    failing = {
        sid: results for sid, results in by_subscription.items() if not any(r.ok for r in results)
    }
    healthy = set(by_subscription) - set(failing)
    if healthy:
        await session.execute(
            update(WebhookSubscription)
            .where(
                WebhookSubscription.id.in_(healthy),
                WebhookSubscription.consecutive_failures > 0,
            )
            .values(consecutive_failures=0, failing_since=None)
            .execution_options(synchronize_session=False)
        )
    if not failing:
        return
    subscriptions = await session.scalars(
        select(WebhookSubscription).where(WebhookSubscription.id.in_(failing)).with_for_update()
    )
    for sub in subscriptions:
        results = failing[sub.id]
        sub.consecutive_failures += len(results)
        sub.failing_since = sub.failing_since or now
        reason = policy.disabling_reason(sub.consecutive_failures, sub.failing_since, now)
        last = results[-1].error or "no answer"
        if last == OWNER_GONE:
            reason, last = OWNER_GONE, ""
        if reason and sub.active:
            sub.active = False
            sub.disabled_at = now
            sub.disabled_reason = f"{reason} {last and 'Last: ' + last}".strip()[:MAX_REASON_LENGTH]
            log.warning("webhook %s disabled: %s", sub.id, sub.disabled_reason)
