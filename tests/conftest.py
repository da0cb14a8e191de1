from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from api.auth.roles import Role
from api.core.db import Database, create_database, create_engine, make_sessionmaker
from api.core.events import set_actor
from api.main import create_app
from api.settings import Environment, Settings, get_settings
from tests.auth.helpers import sign_in_as
from tests.cli import CliDatabase
from tests.databases import Templates, backends

SignIn = Callable[..., Awaitable[httpx.AsyncClient]]

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = backends()
        if metafunc.definition.get_closest_marker("postgres_only"):
            chosen = [b for b in chosen if b == "postgresql"]
        metafunc.parametrize("backend", chosen, scope="session")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The contract fuzzer's runs first: each takes minutes, so under `-n 2` one worker
    runs them while the other takes the short tests, and neither is left at the end."""
    items.sort(key=lambda item: item.get_closest_marker("fuzz") is None)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    made = Templates(tmp_path_factory.mktemp("databases"))
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    import os

    path = Path(os.environ.get("TRELLIS_SHARED_DATA", SHARED_DATA))
    assert path.is_dir(), f"shared test data not found at {path}"
    return path


@pytest.fixture(scope="session")
def shared_database_url(backend: str, templates: Templates) -> str:
    # Migrations run their own event loop, so this stays a sync fixture.
    return templates.shared_url(backend)


@pytest.fixture(scope="session")
async def engine(shared_database_url: str) -> AsyncIterator[AsyncEngine]:
    made = create_engine(shared_database_url)
    yield made
    await made.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Each test runs in one outer transaction that is rolled back at its end."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        try:
            yield conn
        finally:
            if outer.is_active:
                await outer.rollback()


@pytest.fixture
def database(engine: AsyncEngine, connection: AsyncConnection) -> Database:
    # The app's commits become savepoint releases inside the test's transaction.
    return Database(engine, make_sessionmaker(connection, join_transaction_mode="create_savepoint"))


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with database.sessionmaker() as made:
        set_actor(made, "test-factory")
        yield made


def settings_for_tests(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": Environment.test,
        "access_log": False,
        "log_level": "WARNING",
        "api_rate_limit": "100000/minute",
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]


@pytest.fixture
def app(database: Database) -> FastAPI:
    return create_app(settings_for_tests(), database=database)


@pytest.fixture
async def anonymous_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as made:
        yield made


@pytest.fixture
async def client(anonymous_client: httpx.AsyncClient, session: AsyncSession) -> httpx.AsyncClient:
    """Signed in as an administrator."""
    anonymous_client.headers.update(await sign_in_as(session, Role.admin))
    return anonymous_client


@pytest.fixture
async def sign_in(app: FastAPI, session: AsyncSession) -> AsyncIterator[SignIn]:
    """A client signed in with a role and its grant, e.g. `await sign_in(Role.partner, partner_id=...)`."""
    made: list[httpx.AsyncClient] = []

    async def signed_in(role: Role, **grant: object) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers=await sign_in_as(session, role, **grant),
        )
        made.append(client)
        return client

    yield signed_in
    for client in made:
        await client.aclose()


@pytest.fixture
def fresh_database_url(backend: str, templates: Templates) -> str:
    """An empty migrated database of its own, for code that commits for real."""
    return templates.fresh_url(backend)


@pytest.fixture
def cli(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliDatabase]:
    """A fresh database that `trellis` commands run in the test use, as settings name it."""
    monkeypatch.setenv("TRELLIS_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("TRELLIS_ENVIRONMENT", "development")
    get_settings.cache_clear()
    yield CliDatabase(fresh_database_url)
    get_settings.cache_clear()


@pytest.fixture
async def real_database(
    backend: str, templates: Templates, engine: AsyncEngine
) -> AsyncIterator[Database]:
    """An empty migrated database of its own, for tests whose commits must be real."""
    # PostgreSQL copies the template only while nobody is connected to it, and the
    # shared test engine keeps idle connections there (as `fresh_database_url` would hit).
    await engine.dispose()
    database = create_database(create_engine(templates.fresh_url(backend)))
    yield database
    if database.reads is not None:
        await database.reads.close()
    await database.engine.dispose()
