"""Idempotency keys: answers are replayed for a limited time, and answers that carry a
token or a secret are never stored."""

import datetime as dt

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiClient
from api.core.idempotency import IdempotencyKey
from tests.auth.helpers import TEST_PASSWORD, make_user

KEY = {"Idempotency-Key": "retry-1"}


async def stored(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(IdempotencyKey)) or 0)


async def test_sign_in_and_client_secrets_refuse_the_key_and_store_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    token = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": user.email, "password": TEST_PASSWORD},
        headers=KEY,
    )
    clients_before = await session.scalar(select(func.count()).select_from(ApiClient))
    created = await client.post(
        "/api/v1/api-clients", json={"name": "SIS sync", "role": "admin"}, headers=KEY
    )
    for refused in (token, created):
        assert refused.status_code == 400, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert "Idempotency-Key" in refused.json()["detail"]
    assert await session.scalar(select(func.count()).select_from(ApiClient)) == clients_before
    made = await client.post("/api/v1/api-clients", json={"name": "SIS sync", "role": "admin"})
    rotate = f"/api/v1/api-clients/{made.json()['id']}/rotate"
    assert (await client.post(rotate, headers=KEY)).status_code == 400
    assert "client_secret" in (await client.post(rotate)).json()
    assert await stored(session) == 0


def test_only_operations_that_replay_declare_the_header(app: FastAPI) -> None:
    paths = app.openapi()["paths"]

    def headers(path: str) -> set[str]:
        params = paths[path]["post"].get("parameters", [])
        return {p["name"] for p in params if p["in"] == "header"}

    assert "Idempotency-Key" in headers("/api/v1/people")
    for path in ("/api/v1/auth/token", "/api/v1/api-clients", "/api/v1/users"):
        assert "Idempotency-Key" not in headers(path)


async def test_an_expired_answer_is_not_replayed_and_is_purged(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    body = {"given_name": "Ana", "family_name": "Lopez"}
    first = await client.post("/api/v1/people", json=body, headers=KEY)
    replayed = await client.post("/api/v1/people", json=body, headers=KEY)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json()["id"] == first.json()["id"]
    day_old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=24, minutes=1)
    await session.execute(update(IdempotencyKey).values(created_at=day_old))
    later = await client.post("/api/v1/people", json=body, headers=KEY)
    assert later.status_code == 201, later.text
    assert "idempotent-replayed" not in later.headers
    assert later.json()["id"] != first.json()["id"]
    (kept,) = (await session.scalars(select(IdempotencyKey))).all()
    await session.refresh(kept)
    assert kept.created_at > day_old + dt.timedelta(hours=23)


async def test_a_retry_under_another_if_match_is_checked_not_replayed(
    client: httpx.AsyncClient,
) -> None:
    person = await client.post("/api/v1/people", json={"given_name": "A", "family_name": "B"})
    verify = f"/api/v1/people/{person.json()['id']}/verify"
    first = await client.post(verify, headers=KEY | {"If-Match": person.headers["etag"]})
    assert first.status_code == 200, first.text
    again = await client.post(verify, headers=KEY | {"If-Match": person.headers["etag"]})
    assert again.headers["idempotent-replayed"] == "true"
    for condition in ("", '"999"'):
        other = await client.post(verify, headers=KEY | {"If-Match": condition})
        assert other.status_code == 422, other.text
        assert "different request" in other.json()["detail"]
