"""A worker, a signed-in API and a subscription on a database whose commits are real."""

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select

from api.auth.roles import Role
from api.core.db import Database
from api.integrations.webhooks.models import DeliveryStatus, WebhookDelivery
from api.integrations.webhooks.schedule import RetryPolicy
from api.integrations.webhooks.worker import Worker, WorkerOptions
from api.main import create_app
from api.settings import DEVELOPMENT_SIGNING_KEY
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests

HOOKS = "/api/v1/webhooks"


def options(**overrides: Any) -> WorkerOptions:
    values: dict[str, Any] = {
        "server_key": DEVELOPMENT_SIGNING_KEY,
        "allow_private": True,
        "timeout": 5.0,
        "claim_for": dt.timedelta(seconds=30),
        "policy": RetryPolicy(
            first_wait=dt.timedelta(milliseconds=1),
            window=dt.timedelta(hours=1),
            disable_after_failures=1000,
        ),
        "idle_seconds": 0.02,
    }
    return WorkerOptions(**(values | overrides))


@dataclass
class Api:
    client: httpx.AsyncClient
    database: Database

    async def subscribe(self, url: str, **body: Any) -> dict[str, Any]:
        response = await self.client.post(HOOKS, json={"url": url} | body)
        assert response.status_code == 201, response.text
        made: dict[str, Any] = response.json()
        return made

    async def add_districts(self, count: int) -> list[str]:
        items = [{"name": f"District {i}", "state": "NV"} for i in range(count)]
        response = await self.client.post("/api/v1/districts/bulk", json={"items": items})
        assert response.status_code == 200, response.text
        return [row["id"] for row in response.json()["results"]]

    async def rename(self, district_id: str, name: str) -> None:
        response = await self.client.patch(f"/api/v1/districts/{district_id}", json={"name": name})
        assert response.status_code == 200, response.text

    async def pending(self) -> int:
        async with self.database.sessionmaker() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .where(WebhookDelivery.status == DeliveryStatus.pending.value)
            )
        return int(count or 0)


@asynccontextmanager
async def signed_in_api(database: Database) -> AsyncIterator[Api]:
    app = create_app(settings_for_tests(webhook_allow_private=True), database=database)
    async with database.sessionmaker() as session:
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers
    ) as client:
        yield Api(client, database)


async def drain(worker: Worker, api: Api, seconds: float = 30) -> None:
    """Run the worker until nothing is pending (or fail after `seconds`)."""
    deadline = time.monotonic() + seconds
    async with worker.client() as client:
        while await api.pending():
            assert time.monotonic() < deadline, "deliveries still pending"
            if not await worker.run_once(client):
                await asyncio.sleep(0.01)


def message_ids(received: list[Any]) -> list[str]:
    return [r.headers["webhook-id"] for r in received]


def new_worker(database: Database, **overrides: Any) -> Worker:
    return Worker(database, options(**overrides), name=f"test-{uuid.uuid4().hex[:6]}")
