"""Subscribing, changing, rotating and deleting webhooks through the API, and which events
the outbox takes for each subscription."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook

from api.auth.roles import Role
from api.core.db import Database
from api.integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from api.integrations.webhooks.secrets import unseal
from api.main import create_app
from api.settings import DEVELOPMENT_SIGNING_KEY
from tests.conftest import SignIn, settings_for_tests
from tests.directory.factories import make_district, make_school
from tests.partners.helpers import created

HOOKS = "/api/v1/webhooks"
PUBLIC_URL = "https://93.184.215.14/hooks/trellis"


async def subscribe(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    return await created(client, HOOKS, {"url": PUBLIC_URL} | body)


async def test_the_secret_is_shown_on_create_only_and_stored_sealed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    made = await subscribe(client, event_types=["schools.*", "agreements.update"])
    secret = str(made["secret"])
    assert secret.startswith("whsec_")
    Webhook(secret)  # a secret any Standard Webhooks library takes
    assert made["event_types"] == ["schools.*", "agreements.update"]
    assert made["active"] is True
    read = await client.get(f"{HOOKS}/{made['id']}")
    assert read.status_code == 200
    assert "secret" not in read.json()
    assert read.headers["ETag"] == '"1"'
    listed = (await client.get(HOOKS)).json()["items"]
    assert [item["id"] for item in listed] == [made["id"]]
    assert all("secret" not in item for item in listed)
    stored = await session.scalar(select(WebhookSubscription.sealed_secret))
    assert stored is not None
    assert secret not in stored
    assert unseal(DEVELOPMENT_SIGNING_KEY, stored) == secret


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
    ],
)
async def test_private_loopback_and_link_local_urls_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, url: str
) -> None:
    response = await client.post(HOOKS, json={"url": url})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body", "url"]
    assert await session.scalar(select(WebhookSubscription.id)) is None


async def test_malformed_urls_and_event_types_are_refused_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    for body, field in (
        ({"url": "ftp://93.184.215.14/x"}, "url"),
        ({"url": "https://user:pw@93.184.215.14/x"}, "url"),
        ({"url": PUBLIC_URL, "event_types": ["schools"]}, "event_types"),
        ({"url": PUBLIC_URL, "event_types": []}, "event_types"),
    ):
        response = await client.post(HOOKS, json=body)
        assert response.status_code == 422, (body, response.text)
        assert field in response.json()["errors"][0]["loc"], response.text


async def test_private_urls_are_taken_when_the_setting_allows_them(
    database: Database, session: AsyncSession
) -> None:
    from tests.auth.helpers import sign_in_as

    app: FastAPI = create_app(settings_for_tests(webhook_allow_private=True), database=database)
    headers = await sign_in_as(session, Role.admin)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    ) as client:
        response = await client.post(HOOKS, json={"url": "http://127.0.0.1:9/hook"})
    assert response.status_code == 201, response.text


async def test_patch_pauses_resumes_and_changes_with_if_match(
    client: httpx.AsyncClient,
) -> None:
    made = await subscribe(client)
    url = f"{HOOKS}/{made['id']}"
    stale = await client.patch(url, json={"active": False}, headers={"If-Match": '"9"'})
    assert stale.status_code == 412
    paused = await client.patch(url, json={"active": False}, headers={"If-Match": '"1"'})
    assert paused.status_code == 200, paused.text
    assert paused.json()["active"] is False
    assert paused.json()["disabled_reason"] == "Paused by its owner."
    assert paused.headers["ETag"] == '"2"'
    refused = await client.patch(url, json={"url": "http://10.0.0.1/x"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "url"]
    resumed = await client.patch(url, json={"active": True, "event_types": ["*.delete"]})
    assert resumed.json()["active"] is True
    assert resumed.json()["disabled_reason"] is None
    assert resumed.json()["event_types"] == ["*.delete"]
    assert (await client.patch(url, json={"url": None})).status_code == 422


async def test_rotation_shows_a_new_secret_and_keeps_the_old_one_for_a_while(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    made = await subscribe(client)
    rotated = await client.post(f"{HOOKS}/{made['id']}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"] != made["secret"]
    stored = await session.get(WebhookSubscription, uuid.UUID(str(made["id"])))
    assert stored is not None
    assert stored.sealed_previous_secret is not None
    await session.refresh(stored)
    assert unseal(DEVELOPMENT_SIGNING_KEY, stored.sealed_secret) == rotated.json()["secret"]
    assert unseal(DEVELOPMENT_SIGNING_KEY, stored.sealed_previous_secret) == made["secret"]


async def test_subscriptions_are_their_owners_alone(
    client: httpx.AsyncClient, sign_in: SignIn
) -> None:
    theirs = await subscribe(client)
    viewer = await sign_in(Role.viewer)
    mine = await subscribe(viewer)
    assert [item["id"] for item in (await viewer.get(HOOKS)).json()["items"]] == [mine["id"]]
    for method, suffix in (
        ("GET", ""),
        ("PATCH", ""),
        ("DELETE", ""),
        ("POST", "/rotate-secret"),
        ("GET", "/deliveries"),
        ("POST", "/deliveries/1/redeliver"),
    ):
        body = {"active": False} if method == "PATCH" else None
        response = await viewer.request(method, f"{HOOKS}/{theirs['id']}{suffix}", json=body)
        assert response.status_code == 404, (method, suffix, response.text)
    # Administrators see every subscription.
    listed = {item["id"] for item in (await client.get(HOOKS)).json()["items"]}
    assert listed == {theirs["id"], mine["id"]}
    assert mine["owner"].startswith("user:")


async def test_the_outbox_takes_the_events_of_each_owners_scope_and_types(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_district(session), await make_district(session)
    manager = await sign_in(Role.district_manager, district_ids=[ours.id])
    everything = await subscribe(client)
    district = await subscribe(manager, event_types=["schools.*"])
    deletes = await subscribe(client, event_types=["*.delete"])
    here = await make_school(session, ours)
    there = await make_school(session, theirs)
    await session.commit()
    for school in (here, there):
        response = await client.patch(f"/api/v1/schools/{school.id}", json={"phone": "555-0100"})
        assert response.status_code == 200, response.text
    assert (
        await client.patch(f"/api/v1/districts/{ours.id}", json={"city": "X"})
    ).status_code == 200
    assert (await client.delete(f"/api/v1/schools/{there.id}")).status_code == 204

    async def received(made: dict[str, object]) -> list[tuple[str, str]]:
        rows = await session.execute(
            select(WebhookDelivery.event_type, WebhookDelivery.resource_id)
            .where(WebhookDelivery.subscription_id == uuid.UUID(str(made["id"])))
            .order_by(WebhookDelivery.event_seq)
        )
        return [(kind, str(rid)) for kind, rid in rows]

    assert await received(everything) == [
        ("schools.update", str(here.id)),
        ("schools.update", str(there.id)),
        ("districts.update", str(ours.id)),
        ("schools.delete", str(there.id)),
    ]
    assert await received(district) == [("schools.update", str(here.id))]
    assert await received(deletes) == [("schools.delete", str(there.id))]

    log = await manager.get(f"{HOOKS}/{district['id']}/deliveries")
    assert log.status_code == 200, log.text
    [entry] = log.json()["items"]
    assert entry["event_type"] == "schools.update"
    assert entry["status"] == "pending"
    again = await manager.post(f"{HOOKS}/{district['id']}/deliveries/{entry['id']}/redeliver")
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "pending"
    missing = await manager.post(
        f"{HOOKS}/{district['id']}/deliveries/{entry['id'] + 999}/redeliver"
    )
    assert missing.status_code == 404


async def test_a_paused_subscription_gets_no_deliveries_and_a_deleted_one_takes_its_log(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    made = await subscribe(client)
    district = await make_district(session)
    await session.commit()
    await client.patch(f"{HOOKS}/{made['id']}", json={"active": False})
    await client.patch(f"/api/v1/districts/{district.id}", json={"city": "Paused"})
    await client.patch(f"{HOOKS}/{made['id']}", json={"active": True})
    await client.patch(f"/api/v1/districts/{district.id}", json={"city": "Resumed"})
    log = (await client.get(f"{HOOKS}/{made['id']}/deliveries")).json()["items"]
    assert len(log) == 1
    version = (await client.get(f"{HOOKS}/{made['id']}")).headers["ETag"]
    deleted = await client.delete(f"{HOOKS}/{made['id']}", headers={"If-Match": version})
    assert deleted.status_code == 204
    assert await session.scalar(select(WebhookDelivery.event_seq)) is None
