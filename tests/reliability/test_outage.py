"""A database stopped under a running API: every request is a 503 problem+json with
Retry-After, its request id and security headers, and when the database is back the
very first request succeeds. On a private cluster, so the shared server never stops."""

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from api.auth.roles import Role
from api.core.db import Database, create_database, create_engine
from api.main import create_app
from bench.private_cluster import PrivateCluster, migrated_database, postgres_bindir
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(postgres_bindir() is None, reason="no PostgreSQL server binaries"),
]
DISTRICTS = "/api/v1/districts"


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[PrivateCluster, str]]:
    with PrivateCluster(max_connections=20) as private:
        yield private, migrated_database(private)


@pytest.fixture
async def api(
    backend: str, cluster: tuple[PrivateCluster, str]
) -> AsyncIterator[tuple[PrivateCluster, httpx.AsyncClient]]:
    private, url = cluster
    database: Database = create_database(create_engine(url, pool_size=2, max_overflow=0))
    async with database.sessionmaker() as session:
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app: FastAPI = create_app(settings_for_tests(), database=database)
    transport = httpx.ASGITransport(app=app)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http,
        ):
            yield private, http
    finally:
        if not private.running():
            private.start()
        await database.engine.dispose()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"].isdigit()
    assert response.json()["status"] == 503
    assert response.headers["x-request-id"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


async def create_district(http: httpx.AsyncClient, name: str) -> httpx.Response:
    return await http.post(DISTRICTS, json={"name": name, "state": "ME"})


async def test_a_stopped_database_is_503_and_the_first_request_after_it_succeeds(
    api: tuple[PrivateCluster, httpx.AsyncClient],
) -> None:
    private, http = api
    before = await create_district(http, "Before the outage")
    assert before.status_code == 201, before.text
    # Both pooled connections in use once, so both are cut by the stop.
    assert (await http.get(f"{DISTRICTS}/{before.json()['id']}")).status_code == 200

    private.stop("fast")
    assert_unavailable(await create_district(http, "During the outage"))
    assert_unavailable(await http.get(f"{DISTRICTS}/{before.json()['id']}"))
    assert_unavailable(await http.get(DISTRICTS))
    assert_unavailable(await http.get("/readyz"))

    private.start()
    after = await create_district(http, "After the outage")
    assert after.status_code == 201, after.text
    assert (await http.get("/readyz")).status_code == 200
    names = {d["name"] for d in (await http.get(DISTRICTS, params={"limit": 100})).json()["items"]}
    assert {"Before the outage", "After the outage"} <= names
    assert "During the outage" not in names


async def test_a_database_restarted_while_idle_loses_no_first_request(
    api: tuple[PrivateCluster, httpx.AsyncClient],
) -> None:
    private, http = api
    created = await create_district(http, "Idle restart")
    assert created.status_code == 201
    path = f"{DISTRICTS}/{created.json()['id']}"
    assert (await http.get(path)).status_code == 200

    # In threads, so the app's event loop runs meanwhile, as it does in a server.
    await asyncio.to_thread(private.stop, "fast")
    await asyncio.to_thread(private.start)
    assert (await http.get(path)).status_code == 200
    patched = await http.patch(
        path,
        json={"name": "Idle restart, renamed"},
        headers={
            "If-Match": created.headers["etag"],
            "Content-Type": "application/merge-patch+json",
        },
    )
    assert patched.status_code == 200, patched.text
