"""Sending the outbox to a real receiver: signed, retried, in order, once; disabled after
sustained failure; a stopped worker's claims taken over."""

import asyncio
import datetime as dt
import uuid
from collections import defaultdict

import pytest
from sqlalchemy import func, select, update
from standardwebhooks import Webhook, WebhookVerificationError

from api.auth.models import User
from api.core.db import Database
from api.integrations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from api.integrations.webhooks.schedule import RetryPolicy
from tests.integrations.webhooks.delivery import (
    HOOKS,
    drain,
    message_ids,
    new_worker,
    signed_in_api,
)
from tests.integrations.webhooks.receiver import running_receiver


async def test_a_receiver_failing_then_recovering_gets_every_event_once_in_order(
    real_database: Database,
) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver(fail_first=5) as receiver:
            made = await api.subscribe(receiver.url, event_types=["districts.*"])
            ids = await api.add_districts(3)
            for round_ in range(3):
                for district_id in ids:
                    await api.rename(district_id, f"Renamed {round_}")
            await drain(new_worker(real_database), api)

        assert len(receiver.requests) == 12 + 5
        assert len(set(message_ids(receiver.accepted))) == len(receiver.accepted) == 12
        by_resource: dict[object, list[int]] = defaultdict(list)
        for message in receiver.accepted:
            data = Webhook(made["secret"]).verify(message.body, message.headers)["data"]
            by_resource[data["resource_id"]].append(data["version"])
        assert by_resource == {district_id: [1, 2, 3, 4] for district_id in ids}
        first = receiver.accepted[0]
        assert first.headers["content-type"] == "application/json"
        payload = Webhook(made["secret"]).verify(first.body, first.headers)
        assert payload["type"] in {"districts.create", "districts.update"}
        # As the change feed shows the event to the owner: the record as it is when sent.
        feed = (await api.client.get("/api/v1/events", params={"limit": 1})).json()
        assert set(payload["data"]) == set(feed["items"][0])
        assert payload["data"]["collection"] == "/api/v1/districts"
        assert payload["data"]["record"]["id"] == payload["data"]["resource_id"]
        assert payload["data"]["record"]["name"] == "Renamed 2"
        assert set(payload["data"]["keys"]["after"]) == {"nces_leaid", "state_district_id"}
        log = (await api.client.get(f"{HOOKS}/{made['id']}/deliveries?limit=100")).json()
        assert [entry["status"] for entry in log["items"]] == ["delivered"] * 12
        assert sum(entry["attempts"] for entry in log["items"]) == 17
        async with real_database.sessionmaker() as session:
            failed = await session.scalar(
                select(func.count())
                .select_from(WebhookAttempt)
                .where(WebhookAttempt.status_code == 500)
            )
        assert failed == 5


async def test_a_tampered_body_or_wrong_secret_fails_verification(real_database: Database) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            made = await api.subscribe(receiver.url)
            await api.add_districts(1)
            await drain(new_worker(real_database), api)
    [message] = receiver.accepted
    hook = Webhook(made["secret"])
    assert hook.verify(message.body, message.headers)["data"]["resource"] == "districts"
    tampered = message.body.replace(b'"version":1', b'"version":2')
    assert tampered != message.body
    with pytest.raises(WebhookVerificationError):
        hook.verify(tampered, message.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(message.body, message.headers)


async def test_after_rotation_deliveries_verify_with_the_new_and_old_secret(
    real_database: Database,
) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            made = await api.subscribe(receiver.url)
            rotated = (await api.client.post(f"{HOOKS}/{made['id']}/rotate-secret")).json()
            await api.add_districts(1)
            await drain(new_worker(real_database), api)
    [message] = receiver.accepted
    assert len(message.headers["webhook-signature"].split(" ")) == 2
    Webhook(rotated["secret"]).verify(message.body, message.headers)
    Webhook(made["secret"]).verify(message.body, message.headers)


async def test_a_manual_redelivery_is_sent_again_with_the_same_id(real_database: Database) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            made = await api.subscribe(receiver.url)
            await api.add_districts(1)
            worker = new_worker(real_database)
            await drain(worker, api)
            [entry] = (await api.client.get(f"{HOOKS}/{made['id']}/deliveries")).json()["items"]
            again = f"{HOOKS}/{made['id']}/deliveries/{entry['id']}/redeliver"
            assert (await api.client.post(again)).status_code == 202
            await drain(worker, api)
    first, second = receiver.accepted
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body


async def test_sustained_failure_disables_the_subscription_with_the_reason(
    real_database: Database,
) -> None:
    policy = RetryPolicy(
        first_wait=dt.timedelta(milliseconds=1),
        window=dt.timedelta(hours=1),
        disable_after_failures=4,
    )
    async with signed_in_api(real_database) as api:
        with running_receiver(fail_always=True) as receiver:
            made = await api.subscribe(receiver.url)
            await api.add_districts(2)
            worker = new_worker(real_database, policy=policy)
            async with worker.client() as client:
                for _ in range(200):
                    await worker.run_once(client)
                    hook = (await api.client.get(f"{HOOKS}/{made['id']}")).json()
                    if not hook["active"]:
                        break
                    await asyncio.sleep(0.005)
                sent = len(receiver.requests)
                assert await worker.run_once(client) == 0  # nothing more is claimed
        assert sent == 4
        assert len(receiver.requests) == 4
        assert hook["active"] is False
        assert hook["disabled_at"] is not None
        assert "4 consecutive failed deliveries" in hook["disabled_reason"]
        assert "HTTP 500" in hook["disabled_reason"]
        await api.add_districts(1)  # a disabled subscription takes no new deliveries
        async with real_database.sessionmaker() as session:
            count = await session.scalar(select(func.count()).select_from(WebhookDelivery))
        assert count == 2


async def test_deliveries_given_up_after_the_retry_window_are_failed() -> None:
    policy = RetryPolicy(dt.timedelta(seconds=5), dt.timedelta(hours=24), 1000)
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    waits = []
    for attempts in range(1, 6):
        at = policy.next_attempt(attempts, created, created)
        assert at is not None
        waits.append((at - created).total_seconds())
    for attempts, wait in enumerate(waits, start=1):
        full = 5 * 2 ** (attempts - 1)
        assert full / 2 <= wait <= full
    late = created + dt.timedelta(hours=23, minutes=59, seconds=59)
    assert policy.next_attempt(30, created, late) == created + dt.timedelta(hours=24)
    assert policy.next_attempt(31, created, created + dt.timedelta(hours=24)) is None
    assert policy.disabling_reason(3, created, created + dt.timedelta(hours=24)) is not None
    assert policy.disabling_reason(3, created, created + dt.timedelta(hours=23)) is None


async def test_a_stopped_workers_claims_are_sent_by_another_once_they_expire(
    real_database: Database,
) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            await api.subscribe(receiver.url)
            await api.add_districts(5)
            stopped = new_worker(real_database, claim_for=dt.timedelta(seconds=0.5))
            assert len(await stopped.claim()) == 5  # and then it dies, sending nothing
            other = new_worker(real_database)
            async with other.client() as client:
                assert await other.run_once(client) == 0
                await asyncio.sleep(0.6)
                assert await other.run_once(client) == 5
    assert len(set(message_ids(receiver.accepted))) == len(receiver.accepted) == 5


async def test_a_url_that_is_private_when_sent_is_not_called(real_database: Database) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            made = await api.subscribe(receiver.url)
            await api.add_districts(1)
            worker = new_worker(real_database, allow_private=False)
            async with worker.client() as client:
                assert await worker.run_once(client) == 1
        [entry] = (await api.client.get(f"{HOOKS}/{made['id']}/deliveries")).json()["items"]
    assert receiver.requests == []
    assert entry["status"] == "pending"
    assert "private address" in entry["last_error"]


@pytest.mark.postgres_only
async def test_two_workers_never_send_a_delivery_twice(real_database: Database) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            await api.subscribe(receiver.url)
            await api.subscribe(receiver.url, event_types=["districts.create"])
            ids = await api.add_districts(300)
            for district_id in ids[:20]:
                await api.rename(district_id, "Renamed")
            workers = [new_worker(real_database, batch_size=25) for _ in range(2)]
            stop = asyncio.Event()
            runs = [asyncio.create_task(worker.run(stop)) for worker in workers]
            for _ in range(3000):
                if not await api.pending():
                    break
                await asyncio.sleep(0.01)
            stop.set()
            await asyncio.gather(*runs)
    sent = message_ids(receiver.accepted)
    assert len(sent) == 300 + 20 + 300
    assert len(set(sent)) == len(sent)
    versions: dict[tuple[str, object], list[int]] = defaultdict(list)
    for message in receiver.accepted:
        subscription = message.headers["webhook-id"].split("_")[1]
        versions[subscription, message.data["resource_id"]].append(
            int(str(message.data["version"]))
        )
    assert all(seen == sorted(seen) for seen in versions.values())
    async with real_database.sessionmaker() as session:
        senders = set(await session.scalars(select(WebhookAttempt.worker).distinct()))
    assert senders == {worker.name for worker in workers}


async def test_a_deactivated_owners_pending_deliveries_are_not_sent(
    real_database: Database,
) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            made = await api.subscribe(receiver.url)
            await api.add_districts(2)
            async with real_database.sessionmaker() as session, session.begin():
                await session.execute(update(User).values(is_active=False))
            worker = new_worker(real_database)
            async with worker.client() as client:
                assert await worker.run_once(client) == 2
        async with real_database.sessionmaker() as session:
            subscription = await session.get(WebhookSubscription, uuid.UUID(made["id"]))
    assert receiver.requests == []
    assert subscription is not None
    assert subscription.active is False
    assert "owner was deactivated" in str(subscription.disabled_reason)


async def test_a_claim_passes_over_what_the_worker_still_holds_and_fills_its_batch(
    real_database: Database,
) -> None:
    async with signed_in_api(real_database) as api:
        with running_receiver() as receiver:
            await api.subscribe(receiver.url)
            await api.add_districts(6)
    worker = new_worker(real_database, batch_size=3)
    async with real_database.sessionmaker() as session:
        due = (
            await session.execute(
                select(WebhookDelivery.subscription_id, WebhookDelivery.event_seq)
            )
        ).all()
    assert len(due) == 6
    # Its other batch is still sending these three, their lease run out.
    worker.held = {(subscription_id, seq) for subscription_id, seq in due[:3]}

    claimed = await worker.claim()

    assert {c.key for c in claimed} == {(subscription_id, seq) for subscription_id, seq in due[3:]}
    async with real_database.sessionmaker() as session:
        untouched = await session.scalars(
            select(WebhookDelivery.claimed_by).where(
                WebhookDelivery.event_seq.in_([seq for _, seq in due[:3]])
            )
        )
        assert set(untouched) == {None}


@pytest.mark.postgres_only
async def test_a_batch_that_outlives_its_lease_is_not_sent_again_by_the_same_worker(
    real_database: Database,
) -> None:
    """The lease runs out while the receiver is still answering: the worker's other batch
    claims those deliveries again and must leave them to the batch sending them."""
    async with signed_in_api(real_database) as api:
        with running_receiver(pause_seconds=0.6) as receiver:
            await api.subscribe(receiver.url)
            await api.add_districts(5)
            worker = new_worker(real_database, claim_for=dt.timedelta(seconds=0.2))
            stop = asyncio.Event()
            running = asyncio.create_task(worker.run(stop))
            for _ in range(500):
                if not await api.pending():
                    break
                await asyncio.sleep(0.01)
            stop.set()
            await running
    sent = message_ids(receiver.accepted)
    assert len(sent) == 5
    assert len(set(sent)) == 5
