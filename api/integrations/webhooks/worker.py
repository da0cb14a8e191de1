"""`trellis worker`: claims due deliveries from the outbox, sends them, records each try.

Claims are rows marked with the worker's name and a lease (`claimed_until`): on
PostgreSQL several workers claim at once with `FOR UPDATE SKIP LOCKED` and never the
same row; on SQLite run one worker. A worker that dies leaves its claims to expire,
then another takes them. A delivery waits while an earlier one of the same record for
the same subscription is pending, so each receiver gets a record's changes in order.
"""

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from sqlalchemy import and_, exists, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.core.db import Database, utcnow
from api.core.events import Event
from api.core.outages import is_database_outage
from api.core.scope import Scope
from api.integrations.feed_shown import EVENT_FIELDS, records_of, shown
from api.integrations.webhooks.addresses import Unreachable, internal_address
from api.integrations.webhooks.models import (
    MAX_REASON_LENGTH,
    DeliveryStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from api.integrations.webhooks.outbox import owner_scopes
from api.integrations.webhooks.outcomes import OWNER_GONE, Claimed, Outcome, record_outcomes
from api.integrations.webhooks.schedule import RetryPolicy
from api.integrations.webhooks.secrets import SealBroken, unseal
from api.integrations.webhooks.signing import body, headers, message_id
from api.integrations.webhooks.until_written import until_written
from api.settings import Settings

log = logging.getLogger("trellis.webhooks")
BATCH_SIZE = 100
# Batches a worker has under way at once on PostgreSQL: one is sent while another is
# claimed, loaded or recorded, so the receiver is never left waiting on the database.
BATCHES_AT_ONCE = 2
IDLE_SECONDS = 0.5
# Requests in flight at once per batch, each on a kept-alive connection. A batch takes at
# most BATCH_SIZE / IN_FLIGHT timeouts (4 x 10 s by default), well inside the claim lease
# (120 s), so no claim expires while its batch is still being sent.
IN_FLIGHT = 32


@dataclass(frozen=True)
class WorkerOptions:
    server_key: str
    allow_private: bool
    timeout: float
    claim_for: dt.timedelta
    policy: RetryPolicy
    batch_size: int = BATCH_SIZE
    batches_at_once: int = BATCHES_AT_ONCE
    idle_seconds: float = IDLE_SECONDS

    @classmethod
    def from_settings(cls, settings: Settings) -> "WorkerOptions":
        return cls(
            server_key=settings.signing_key,
            allow_private=settings.webhook_allow_private,
            timeout=settings.webhook_timeout_seconds,
            claim_for=dt.timedelta(seconds=settings.webhook_claim_seconds),
            policy=RetryPolicy(
                first_wait=dt.timedelta(seconds=settings.webhook_first_retry_seconds),
                window=dt.timedelta(hours=settings.webhook_retry_hours),
                disable_after_failures=settings.webhook_disable_after_failures,
            ),
        )


@dataclass(frozen=True)
class Target:
    url: str
    secrets: tuple[str, ...]
    scope: Scope | None  # None: the owner may no longer read anything


# What the change feed reads of an event (`changes` for administrators only).
EVENT_COLUMNS = (*EVENT_FIELDS, Event.changes, Event.keys)


def _as_read_by(event: dict[str, Any], scope: Scope) -> dict[str, Any]:
    """The subscription's own copy of the event, which `shown` completes in place."""
    if scope.everything:
        return dict(event)
    return {name: value for name, value in event.items() if name != "changes"}


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _due(now: dt.datetime) -> Any:
    earlier = aliased(WebhookDelivery)
    waits_its_turn = exists().where(
        earlier.subscription_id == WebhookDelivery.subscription_id,
        earlier.resource_id == WebhookDelivery.resource_id,
        earlier.status == DeliveryStatus.pending.value,
        earlier.event_seq < WebhookDelivery.event_seq,
    )
    return and_(
        WebhookDelivery.status == DeliveryStatus.pending.value,
        WebhookDelivery.next_attempt_at <= now,
        or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now),
        ~waits_its_turn,
    )


class Worker:
    def __init__(self, database: Database, options: WorkerOptions, name: str | None = None) -> None:
        self.database = database
        self.options = options
        self.name = name or worker_name()
        # Deliveries this worker has claimed and not yet recorded. A batch that outlives
        # its lease (a slow receiver, a loaded machine, an outage) must not have its rows
        # claimed again by this worker's other batch: the claim passes over them.
        self.held: set[tuple[uuid.UUID, int]] = set()

    async def claim(self) -> list[Claimed]:
        """Take up to a batch of due deliveries for this worker, for the lease's length,
        passing over those its other batch is still sending."""
        now = utcnow()
        key = tuple_(WebhookDelivery.subscription_id, WebhookDelivery.event_seq)
        held = list(self.held)
        picked = (
            select(WebhookDelivery.subscription_id, WebhookDelivery.event_seq)
            .join(
                WebhookSubscription,
                and_(
                    WebhookSubscription.id == WebhookDelivery.subscription_id,
                    WebhookSubscription.active.is_(True),
                ),
            )
            .where(_due(now), *([key.not_in(held)] if held else []))
            # In the due index's order, so the scan stops at the batch's end.
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(self.options.batch_size)
        )
        if self.database.is_postgres:
            picked = picked.with_for_update(skip_locked=True, of=WebhookDelivery)
        statement = (
            update(WebhookDelivery)
            .where(key.in_(picked))
            .values(claimed_until=now + self.options.claim_for, claimed_by=self.name)
            .returning(
                WebhookDelivery.subscription_id,
                WebhookDelivery.event_seq,
                WebhookDelivery.attempts,
                WebhookDelivery.created_at,
            )
            .execution_options(synchronize_session=False)
        )
        async with self.database.sessionmaker() as session, session.begin():
            rows = (await session.execute(statement)).all()
        return [Claimed(*row) for row in rows]

    async def _load(
        self, session: AsyncSession, claimed: Sequence[Claimed]
    ) -> tuple[dict[tuple[uuid.UUID, int], dict[str, Any]], dict[uuid.UUID, Target]]:
        """The batch's subscriptions, and each delivery's event as the change feed shows
        it to the subscription's owner now: its record read once per owner and resource."""
        rows = await session.execute(
            select(*EVENT_COLUMNS).where(Event.seq.in_({c.seq for c in claimed}))
        )
        events = {row["seq"]: dict(row) for row in rows.mappings()}
        targets = await self._targets(session, {c.subscription_id for c in claimed})
        shown_events: dict[tuple[uuid.UUID, int], dict[str, Any]] = {}
        for subscription_id, target in targets.items():
            if target.scope is None:
                continue
            wanted = [
                _as_read_by(events[c.seq], target.scope)
                for c in claimed
                if c.subscription_id == subscription_id and c.seq in events
            ]
            records = await records_of(session, target.scope, wanted)
            for event in wanted:
                shown_events[subscription_id, event["seq"]] = shown(event, records)
        return shown_events, targets

    async def _targets(self, session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, Target]:
        now = utcnow()
        targets: dict[uuid.UUID, Target] = {}
        scopes = await owner_scopes(session, ids)
        for sub in await session.scalars(
            select(WebhookSubscription).where(WebhookSubscription.id.in_(ids))
        ):
            sealed = [sub.sealed_secret]
            if sub.sealed_previous_secret and (sub.previous_secret_until or now) > now:
                sealed.append(sub.sealed_previous_secret)
            try:
                secrets = tuple(unseal(self.options.server_key, s) for s in sealed)
            except SealBroken:
                secrets = ()
            targets[sub.id] = Target(sub.url, secrets, scopes.get(sub.id))
        return targets

    async def _refusal(self, url: str) -> str | None:
        if self.options.allow_private:
            return None
        try:
            address = await internal_address(url)
        except Unreachable as exc:
            return str(exc)
        if address is not None:
            return f"refused: the URL resolves to {address}, a private address"
        return None

    async def _send(
        self,
        client: aiohttp.ClientSession,
        claimed: Claimed,
        event: dict[str, Any] | None,
        target: Target | None,
        refusals: dict[str, str | None],
    ) -> Outcome:
        started = time.perf_counter()

        def outcome(code: int | None, error: str | None) -> Outcome:
            elapsed = int((time.perf_counter() - started) * 1000)
            return Outcome(claimed, code, error and error[:MAX_REASON_LENGTH], elapsed)

        if target is not None and target.scope is None:
            return outcome(None, OWNER_GONE)
        if event is None or target is None:
            return outcome(None, "the event or subscription is gone")
        if not target.secrets:
            return outcome(None, "the signing secret cannot be opened: was the server key changed?")
        if target.url not in refusals:
            refusals[target.url] = await self._refusal(target.url)
        refused = refusals[target.url]
        if refused:
            return outcome(None, refused)
        content = body(event)
        signed = headers(
            message_id(claimed.subscription_id, claimed.seq), content, target.secrets, utcnow()
        )
        try:
            # Redirects are not followed: a redirect could lead to a private address.
            async with client.post(
                target.url, data=content, headers=signed, allow_redirects=False
            ) as response:
                await response.read()
        except TimeoutError:
            return outcome(None, f"no answer within {self.options.timeout:g} s")
        except aiohttp.ClientError as exc:
            return outcome(None, f"{type(exc).__name__}: {exc}")
        error = None if 200 <= response.status < 300 else f"HTTP {response.status}"
        return outcome(response.status, error)

    async def _record(self, outcomes: Sequence[Outcome]) -> None:
        async with self.database.sessionmaker() as session, session.begin():
            await record_outcomes(session, outcomes, self.options.policy, self.name)

    async def _record_through_outages(self, outcomes: Sequence[Outcome]) -> None:
        try:
            await self._record(outcomes)
            return
        except Exception as error:
            if not is_database_outage(error):
                raise
        await until_written(lambda: self._record(outcomes))

    async def run_once(self, client: aiohttp.ClientSession) -> int:
        """Claim one batch, send it, record it; how many were sent (0: nothing was due)."""
        # The claim passes over held keys in SQL; one held after its statement was built is
        # passed over here.
        claimed = [c for c in await self.claim() if c.key not in self.held]
        if not claimed:
            return 0
        self.held.update(c.key for c in claimed)
        try:
            await self._send_and_record(client, claimed)
        finally:
            self.held.difference_update(c.key for c in claimed)
        return len(claimed)

    async def _send_and_record(
        self, client: aiohttp.ClientSession, claimed: Sequence[Claimed]
    ) -> None:
        async with self.database.sessionmaker() as session:
            events, targets = await self._load(session, claimed)
        refusals: dict[str, str | None] = {}
        in_flight = asyncio.Semaphore(IN_FLIGHT)

        async def send(c: Claimed) -> Outcome:
            async with in_flight:
                event = events.get((c.subscription_id, c.seq))
                target = targets.get(c.subscription_id)
                return await self._send(client, c, event, target, refusals)

        outcomes = await asyncio.gather(*(send(c) for c in claimed))
        await self._record_through_outages(outcomes)

    def client(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.options.timeout),
            connector=aiohttp.TCPConnector(limit=IN_FLIGHT * self.options.batches_at_once),
            trust_env=False,
            # Receivers are told exactly what was signed: no added headers, no cookies kept.
            skip_auto_headers=("Accept", "Accept-Encoding"),
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set; the batches under way are finished and recorded first."""
        # SQLite takes one writer at a time: there a worker sends one batch after another.
        at_once = self.options.batches_at_once if self.database.is_postgres else 1
        async with self.client() as client:
            await asyncio.gather(*(self._batches(client, stop) for _ in range(at_once)))

    async def _batches(self, client: aiohttp.ClientSession, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await self.run_once(client)
            except Exception:
                log.exception("webhook worker batch failed; retrying")
                sent = 0
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.options.idle_seconds)
