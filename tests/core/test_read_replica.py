"""Read requests on a PostgreSQL standby: every GET answers from it, as the matrix says,
through connections that may not write; writes, sign-in and readiness use the primary."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from api.auth.roles import Role
from api.core.db import Database, create_database, create_engine
from api.main import create_app, database_of
from tests.auth.scope_checks import CASES, V1
from tests.auth.test_scope_matrix_deployed import committed_world
from tests.conftest import settings_for_tests
from tests.databases import Templates

pytestmark = pytest.mark.postgres_only

STANDBY = "trellis-standby"


def read_only_standby(url: str) -> AsyncEngine:
    """The same database through connections that refuse every write, as a standby does."""
    settings = {"jit": "off", "default_transaction_read_only": "on", "application_name": STANDBY}
    return create_async_engine(url, connect_args={"server_settings": settings})


@pytest.fixture
async def on_standby(
    backend: str, templates: Templates, engine: AsyncEngine
) -> AsyncIterator[tuple[FastAPI, Database]]:
    await engine.dispose()
    url = templates.fresh_url(backend)
    database = create_database(create_engine(url), read_only_standby(url))
    app = create_app(settings_for_tests(), database=database)
    async with app.router.lifespan_context(app):
        yield app, database
    assert database.replica is not None
    await database.replica.dispose()
    await database.engine.dispose()


async def test_every_read_answers_from_the_standby_and_writes_reach_the_primary(
    on_standby: tuple[FastAPI, Database],
) -> None:
    app, database = on_standby
    world, headers = await committed_world(database, Role.admin)
    wrong: list[str] = []
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        reads = 0
        for operation, (build, expected) in CASES.items():
            for inside, want in zip((True, False), expected[Role.admin], strict=True):
                method, path, _body = build(world, inside)
                if method != "GET" or not isinstance(want, int):
                    continue
                reads += 1
                response = await client.request(method, V1 + path, headers=headers)
                if response.status_code != want:
                    wrong.append(f"{operation} ({inside}): {response.status_code} {response.text}")
        assert reads > 20, "the matrix's reads were not found"
        created = await client.post(
            f"{V1}/districts",
            json={"name": "Written on the primary", "state": "TX"},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        read_back = await client.get(created.headers["Location"], headers=headers)
        assert read_back.status_code == 200, read_back.text
        assert (await client.get("/readyz")).status_code == 200
    assert not wrong, "\n".join(wrong)
    async with database.engine.connect() as connection:
        standby_connections = await connection.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": STANDBY},
        )
    assert standby_connections, "no read went to the standby"


async def test_readiness_fails_while_the_standby_does_not_answer(
    backend: str, templates: Templates, engine: AsyncEngine
) -> None:
    await engine.dispose()
    url = templates.fresh_url(backend)
    settings = settings_for_tests().model_copy(
        update={
            "database_url": url,
            # Nothing listens on port 9 of the loopback address.
            "read_database_url": "postgresql://postgres@127.0.0.1:9/trellis",
        }
    )
    database = database_of(settings)
    assert database.replica is not None
    app = create_app(settings, database=database)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            response = await client.get("/readyz")
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "Retry-After" in response.headers
    finally:
        await database.replica.dispose()
        await database.engine.dispose()
