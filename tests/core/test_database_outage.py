"""A database out of reach is a 503 with Retry-After on every path: reads run on
asyncpg directly, reads through the ORM, and connections the server refuses."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.revocations import APPLICATION_NAME
from api.auth.roles import Role
from api.core.db import Database, create_database, create_engine
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.databases import Templates
from tests.directory.factories import make_district, make_school

pytestmark = pytest.mark.postgres_only
DRIVER_READ = "/api/v1/schools?state=ME"  # a kept select run on asyncpg itself


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert response.json()["detail"] == "The database is unavailable; retry shortly."


@pytest.fixture
async def one_connection(
    backend: str, templates: Templates, engine: AsyncEngine
) -> AsyncIterator[Database]:
    """A database of its own behind a pool of one connection, so the next request
    is sure to get the connection that was cut."""
    await engine.dispose()  # PostgreSQL copies a template only while nobody is connected
    url = templates.fresh_url(backend)
    database = create_database(create_engine(url, pool_size=1, max_overflow=0))
    yield database
    if database.reads is not None:
        await database.reads.close()
    await database.engine.dispose()


@pytest.fixture
async def signed_in(one_connection: Database) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client whose caller is cached (its requests need no database to sign in),
    and the path of a district, read through the ORM."""
    async with one_connection.sessionmaker() as session:
        district = await make_district(session, state="ME")
        await make_school(session, district)
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    orm_read = f"/api/v1/districts/{district.id}"
    app = create_app(settings_for_tests(), database=one_connection)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http,
    ):
        assert (await http.get("/api/v1/me")).status_code == 200
        assert len(app.state.principals) == 1
        for path in (DRIVER_READ, orm_read):
            assert (await http.get(path)).status_code == 200
        yield http, orm_read


def cut_connections(database: Database) -> None:
    """End the app's connections on the server's side, as a restart or a failover
    does, and wait until they are gone."""
    url = database.engine.url
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname="postgres", autocommit=True
    ) as admin:
        ended = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name <> %s",
            (url.database, APPLICATION_NAME),
        ).fetchone()
    assert ended is not None
    assert ended[0] >= 1


@pytest.mark.parametrize("path", ["driver", "orm"])
async def test_a_lost_connection_is_503_and_the_next_request_reconnects(
    one_connection: Database, signed_in: tuple[httpx.AsyncClient, str], path: str
) -> None:
    http, orm_read = signed_in
    url = DRIVER_READ if path == "driver" else orm_read
    cut_connections(one_connection)
    assert_unavailable(await http.get(url))
    assert (await http.get(url)).status_code == 200


async def refuse_while_starting_up(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """Answer a connection as PostgreSQL does while it starts up: decline TLS, then
    a FATAL error with SQLSTATE 57P03."""
    try:
        while True:
            length = int.from_bytes(await reader.readexactly(4), "big")
            body = await reader.readexactly(length - 4)
            if body[:4] not in (
                (80877103).to_bytes(4, "big"),  # SSLRequest
                (80877104).to_bytes(4, "big"),  # GSSENCRequest
            ):
                break  # the startup message
            writer.write(b"N")
            await writer.drain()
        fields = b"SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0"
        writer.write(b"E" + (len(fields) + 4).to_bytes(4, "big") + fields)
        await writer.drain()
    except asyncio.IncompleteReadError:
        pass
    finally:
        writer.close()


async def readiness_of(url: str) -> httpx.Response:
    database = create_database(create_engine(url, pool_size=1, max_overflow=0))
    app = create_app(settings_for_tests(), database=database)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            return await http.get("/readyz")
    finally:
        await database.engine.dispose()


async def test_a_server_starting_up_is_503(backend: str) -> None:
    server = await asyncio.start_server(refuse_while_starting_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        answer = await readiness_of(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/trellis")
    assert_unavailable(answer)


async def test_a_server_not_listening_is_503(backend: str) -> None:
    server = await asyncio.start_server(refuse_while_starting_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()  # nothing listens on the port now
    assert_unavailable(await readiness_of(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x"))
