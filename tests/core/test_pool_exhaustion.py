"""A burst larger than the pool and its overflow: each request that waited the pool's
timeout in vain is a 503 problem+json with Retry-After, its request id and the security
headers, and the first request after the burst succeeds."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from api.auth.roles import Role
from api.core.db import Database, create_database
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.databases import Templates
from tests.reliability.test_outage_errors import Kept

POOL_SIZE, MAX_OVERFLOW = 2, 1
BURST = 5


@pytest.fixture
async def small_pool(
    backend: str, templates: Templates, engine: AsyncEngine
) -> AsyncIterator[Database]:
    """A database of its own behind a pool of three connections that waits half a second."""
    await engine.dispose()  # PostgreSQL copies a template only while nobody is connected
    small = create_async_engine(
        templates.fresh_url(backend),
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=0.5,
    )
    database = create_database(small)
    yield database
    if database.reads is not None:
        await database.reads.close()
    await small.dispose()


async def test_a_burst_beyond_the_pool_is_503_and_the_next_request_succeeds(
    small_pool: Database,
) -> None:
    async with small_pool.sessionmaker() as session:
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=small_pool)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http:
        async with AsyncExitStack() as held:
            for _ in range(POOL_SIZE + MAX_OVERFLOW):
                connection = await held.enter_async_context(small_pool.engine.connect())
                await connection.execute(text("SELECT 1"))
            logged = Kept()
            logging.getLogger("trellis.errors").addHandler(logged)
            try:
                burst = await asyncio.gather(
                    *(
                        http.get("/api/v1/districts", headers={"X-Request-ID": f"burst-{n}"})
                        for n in range(BURST)
                    )
                )
            finally:
                logging.getLogger("trellis.errors").removeHandler(logged)
        for n, response in enumerate(burst):
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["retry-after"] == "5"
            assert response.json()["detail"] == (
                "Every database connection is in use; retry shortly."
            )
            assert response.headers["x-request-id"] == f"burst-{n}"
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
        assert sorted(r.request_id for r in logged.records) == [  # type: ignore[attr-defined]
            f"burst-{n}" for n in range(BURST)
        ]
        assert all("pool exhausted" in r.getMessage() for r in logged.records)

        after = await http.get("/api/v1/districts")
        assert after.status_code == 200, after.text
