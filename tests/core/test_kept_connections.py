"""Read requests hand their connection to the next read request, within limits."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from api.auth.roles import Role
from api.core.db import Database
from api.core.kept_connections import KeptConnections
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.directory.factories import make_district, make_school

pytestmark = pytest.mark.postgres_only


class Checkouts:
    """Counts connections taken from the engine's pool."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        self.pool = database.engine.sync_engine.pool
        event.listen(self.pool, "checkout", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1

    def stop(self) -> None:
        event.remove(self.pool, "checkout", self._seen)


@pytest.fixture
async def signed_in(real_database: Database) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client of an app on its own database, its caller cached, and a school's id."""
    async with real_database.sessionmaker() as session:
        school = await make_school(session, await make_district(session, state="ME"))
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=real_database)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http,
    ):
        assert (await http.get("/api/v1/me")).status_code == 200  # the caller is now cached
        yield http, str(school.id)


async def test_the_next_read_request_takes_the_kept_connection(
    real_database: Database, signed_in: tuple[httpx.AsyncClient, str]
) -> None:
    http, school_id = signed_in
    assert (await http.get(f"/api/v1/schools/{school_id}")).status_code == 200
    checkouts = Checkouts(real_database)
    try:
        for _ in range(5):
            assert (await http.get(f"/api/v1/schools/{school_id}")).status_code == 200
            assert (await http.get("/api/v1/schools?state=ME")).json()["items"][0]["id"] == (
                school_id
            )
    finally:
        checkouts.stop()
    assert checkouts.count == 0
    assert real_database.reads is not None
    assert real_database.reads.idle == 1


async def test_a_failed_read_gives_its_connection_back_to_the_pool(
    real_database: Database, signed_in: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = signed_in
    assert real_database.reads is not None
    pool: Any = real_database.engine.sync_engine.pool
    missing = await http.get(f"/api/v1/schools/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert real_database.reads.idle == 0
    assert pool.checkedout() == 0


async def test_shutting_down_closes_the_kept_connections(real_database: Database) -> None:
    async with real_database.sessionmaker() as session:
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=real_database)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            await http.get("/api/v1/me", headers=headers)
            assert (await http.get("/api/v1/schools", headers=headers)).status_code == 200
        assert real_database.reads is not None
        assert real_database.reads.idle == 1
    pool: Any = real_database.engine.sync_engine.pool
    assert real_database.reads.idle == 0
    assert pool.checkedout() == 0


async def test_at_most_keep_connections_wait(real_database: Database) -> None:
    kept = KeptConnections(real_database.engine, keep=2)
    pool: Any = real_database.engine.sync_engine.pool
    taken = [await kept.take() for _ in range(3)]
    assert pool.checkedout() == 3
    for connection in taken:
        await kept.give_back(connection, failed=False)
    assert kept.idle == 2
    assert pool.checkedout() == 2
    again = await kept.take()
    assert again in taken
    await kept.give_back(again, failed=True)
    assert (kept.idle, pool.checkedout()) == (1, 1)
    await kept.close()
    assert pool.checkedout() == 0
