"""HTTP conventions every area shares: idempotency, the event feed, health, request ids."""

import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.tokens import issue_access_token
from api.core.db import create_database, create_engine
from api.directory.models import District
from api.main import create_app
from api.settings import DEVELOPMENT_SIGNING_KEY
from tests.conftest import settings_for_tests
from tests.directory.factories import make_school

DISTRICTS = "/api/v1/districts"


def district_body(**overrides: object) -> dict[str, object]:
    return {"name": "Harbor Unified", "state": "CA", "nces_leaid": "0699999"} | overrides


async def test_idempotent_retry_returns_first_answer_and_creates_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers = {"Idempotency-Key": "create-harbor-1"}
    first = await client.post(DISTRICTS, json=district_body(), headers=headers)
    retry = await client.post(DISTRICTS, json=district_body(), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]
    assert retry.headers["idempotent-replayed"] == "true"
    total = await session.scalar(
        select(func.count()).select_from(District).where(District.nces_leaid == "0699999")
    )
    assert total == 1


async def test_idempotency_key_reused_for_another_body_is_refused(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "k-2"}
    assert (await client.post(DISTRICTS, json=district_body(), headers=headers)).status_code == 201
    other = await client.post(
        DISTRICTS, json=district_body(name="Other", nces_leaid="0699998"), headers=headers
    )
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


async def test_failed_request_does_not_burn_the_key(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k-3"}
    assert (
        await client.post(DISTRICTS, json=district_body(state="ZZ"), headers=headers)
    ).status_code == 422
    assert (
        await client.post(DISTRICTS, json=district_body(state="ZZ"), headers=headers)
    ).status_code == 422


async def test_event_feed_reads_changes_in_order(client: httpx.AsyncClient) -> None:
    start = (await client.get("/api/v1/events?limit=1000")).json()["next_after"]
    created = (await client.post(DISTRICTS, json=district_body())).json()
    await client.patch(f"{DISTRICTS}/{created['id']}", json={"city": "Harbor"})
    await client.delete(f"{DISTRICTS}/{created['id']}")
    feed = (await client.get(f"/api/v1/events?after={start}&resource=districts")).json()
    assert [(e["operation"], e["version"]) for e in feed["items"]] == [
        ("create", 1),
        ("update", 2),
        ("delete", 2),
    ]
    assert all(e["resource_id"] == created["id"] for e in feed["items"])
    assert feed["items"][1]["changes"] == {"city": [None, "Harbor"]}
    seqs = [e["seq"] for e in feed["items"]]
    assert seqs == sorted(seqs)
    caught_up = (await client.get(f"/api/v1/events?after={feed['next_after']}")).json()
    assert caught_up == {"items": [], "next_after": feed["next_after"]}


async def test_event_feed_pages_with_link(client: httpx.AsyncClient, session: AsyncSession) -> None:
    start = (await client.get("/api/v1/events?limit=1000")).json()["next_after"]
    for n in range(3):
        await client.post(DISTRICTS, json=district_body(nces_leaid=f"069990{n}"))
    page = await client.get(f"/api/v1/events?after={start}&limit=2")
    assert len(page.json()["items"]) == 2
    assert 'rel="next"' in page.headers["link"]


async def test_unchanged_patch_writes_no_event(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session, name="Same")
    start = (await client.get("/api/v1/events?limit=1000")).json()["next_after"]
    response = await client.patch(f"/api/v1/schools/{school.id}", json={"name": "Same"})
    assert response.json()["version"] == 1
    assert (await client.get(f"/api/v1/events?after={start}")).json()["items"] == []


async def test_health_and_request_ids(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    echoed = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    generated = await client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["x-request-id"] != "bad id with spaces"
    assert len(generated.headers["x-request-id"]) == 32


async def test_unreachable_database_is_503_not_500() -> None:
    down = create_database(create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nothing"))
    app: FastAPI = create_app(settings_for_tests(), database=down)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        token = issue_access_token(DEVELOPMENT_SIGNING_KEY, "user", uuid.uuid4(), 5, uuid.uuid4())
        listed = await client.get("/api/v1/schools", headers={"Authorization": f"Bearer {token}"})
        ready = await client.get("/readyz")
    await down.engine.dispose()
    for response in (listed, ready):
        assert response.status_code == 503
        assert response.headers["retry-after"]
        assert response.headers["content-type"] == "application/problem+json"
