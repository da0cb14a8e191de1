"""Callers are cached per process, and every change to them still takes effect:
at once when made in the same process, by PostgreSQL NOTIFY when made elsewhere."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text, update
from sqlalchemy.ext.asyncio import create_async_engine

from api.auth.models import RefreshToken
from api.auth.principal_cache import PrincipalCache
from api.auth.principals import Principal
from api.auth.roles import Role
from api.auth.tokens import issue_access_token
from api.core.db import Database, utcnow
from api.core.scope import EVERYTHING
from api.main import create_app
from api.settings import DEVELOPMENT_SIGNING_KEY
from tests.auth.helpers import bearer_for, make_user
from tests.conftest import settings_for_tests

ME = "/api/v1/me"
NOTICE_DEADLINE_SECONDS = 10.0


def principal(subject: uuid.UUID, session_id: uuid.UUID | None = None) -> Principal:
    return Principal("user", subject, "Someone", Role.admin, EVERYTHING, session_id)


def listening_cache(seconds: float = 60) -> PrincipalCache:
    cache = PrincipalCache(seconds)
    cache.start_listening()
    return cache


def test_cache_keeps_and_returns_a_caller() -> None:
    cache = listening_cache()
    who = principal(uuid.uuid4())
    key = ("user", who.id, None)
    cache.put(key, who, cache.generation)
    assert cache.get(key) is who


def test_cache_is_off_until_it_listens_and_after_it_stops() -> None:
    cache = PrincipalCache(60)
    who = principal(uuid.uuid4())
    key = ("user", who.id, None)
    cache.put(key, who, cache.generation)
    assert cache.get(key) is None
    cache.start_listening()
    cache.put(key, who, cache.generation)
    cache.stop_listening()
    assert cache.get(key) is None
    assert len(cache) == 0


def test_zero_seconds_turns_the_cache_off() -> None:
    cache = listening_cache(seconds=0)
    who = principal(uuid.uuid4())
    cache.put(("user", who.id, None), who, cache.generation)
    assert cache.get(("user", who.id, None)) is None


def test_a_load_that_overlapped_a_change_is_not_kept() -> None:
    cache = listening_cache()
    who = principal(uuid.uuid4())
    key = ("user", who.id, None)
    loaded_at = cache.generation
    cache.forget([uuid.uuid4()])  # a notice arrives while the caller's row is being read
    cache.put(key, who, loaded_at)
    assert cache.get(key) is None


def test_forget_drops_the_caller_by_its_id_or_its_sign_in() -> None:
    cache = listening_cache()
    signed_in, other, by_client = (
        principal(uuid.uuid4(), uuid.uuid4()),
        principal(uuid.uuid4(), uuid.uuid4()),
        principal(uuid.uuid4()),
    )
    keys = [("user", p.id, p.session_id) for p in (signed_in, other, by_client)]
    for key, who in zip(keys, (signed_in, other, by_client), strict=True):
        cache.put(key, who, cache.generation)
    cache.forget([signed_in.session_id])  # type: ignore[list-item]
    cache.forget([by_client.id])
    assert [cache.get(key) for key in keys] == [None, other, None]


def test_entries_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = listening_cache(seconds=30)
    who = principal(uuid.uuid4())
    key = ("user", who.id, None)
    now = time.monotonic()
    cache.put(key, who, cache.generation)
    monkeypatch.setattr(time, "monotonic", lambda: now + 31)
    assert cache.get(key) is None


@pytest.fixture
async def live_app(real_database: Database) -> AsyncIterator[FastAPI]:
    """The app with its lifespan running, as `trellis serve` runs it."""
    app = create_app(settings_for_tests(), database=real_database)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def http(live_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=live_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as made:
        yield made


async def committed_user(database: Database, role: Role = Role.admin) -> tuple[Any, dict]:
    async with database.sessionmaker() as session:
        user = await make_user(session, role)
        headers = await bearer_for(session, user)
        await session.commit()
        return user, headers


def count_statements(database: Database) -> list[str]:
    seen: list[str] = []

    @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    return seen


async def until_refused(http: httpx.AsyncClient, headers: dict[str, str]) -> int:
    deadline = time.monotonic() + NOTICE_DEADLINE_SECONDS
    status = (await http.get(ME, headers=headers)).status_code
    while status == 200 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
        status = (await http.get(ME, headers=headers)).status_code
    return status


async def eventually(condition: Callable[[], bool]) -> None:
    """Wait for something another task or process does; fail after a generous deadline."""
    deadline = time.monotonic() + NOTICE_DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "it did not happen in time"
        await asyncio.sleep(0.01)


@pytest.mark.postgres_only
async def test_a_repeat_caller_is_served_without_a_query(
    live_app: FastAPI, http: httpx.AsyncClient, real_database: Database
) -> None:
    _, headers = await committed_user(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    statements = count_statements(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    assert statements == []
    assert len(live_app.state.principals) == 1


@pytest.mark.postgres_only
async def test_changes_made_through_the_api_take_effect_on_the_next_request(
    http: httpx.AsyncClient, real_database: Database
) -> None:
    _, admin = await committed_user(real_database)
    user, headers = await committed_user(real_database)
    _, leaving = await committed_user(real_database)
    for who in (admin, headers, leaving):
        assert (await http.get(ME, headers=who)).status_code == 200

    renamed = await http.patch(
        f"/api/v1/users/{user.id}", json={"display_name": "Dana Renamed"}, headers=admin
    )
    assert renamed.status_code == 200, renamed.text
    assert (await http.get(ME, headers=headers)).json()["name"] == "Dana Renamed"

    deactivated = await http.patch(
        f"/api/v1/users/{user.id}", json={"is_active": False}, headers=admin
    )
    assert deactivated.status_code == 200
    assert (await http.get(ME, headers=headers)).status_code == 401

    assert (await http.post("/api/v1/auth/logout", headers=leaving)).status_code == 204
    assert (await http.get(ME, headers=leaving)).status_code == 401


@pytest.mark.postgres_only
async def test_a_revoked_client_is_refused_on_its_next_request(
    http: httpx.AsyncClient, real_database: Database
) -> None:
    _, admin = await committed_user(real_database)
    created = await http.post(
        "/api/v1/api-clients", json={"name": "SIS sync", "role": "admin"}, headers=admin
    )
    assert created.status_code == 201
    client = created.json()
    token = issue_access_token(DEVELOPMENT_SIGNING_KEY, "client", uuid.UUID(client["id"]), 15)
    as_client = {"Authorization": f"Bearer {token}"}
    assert (await http.get(ME, headers=as_client)).status_code == 200

    revoked = await http.post(f"/api/v1/api-clients/{client['id']}/revoke", headers=admin)
    assert revoked.status_code == 200
    assert (await http.get(ME, headers=as_client)).status_code == 401


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    "change",
    [
        "UPDATE users SET is_active = false WHERE id = :user_id",
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = :user_id",
        "DELETE FROM users WHERE id = :user_id",
    ],
    ids=["deactivated", "signed-out", "deleted"],
)
async def test_a_change_committed_by_another_process_arrives_by_notify(
    http: httpx.AsyncClient, real_database: Database, change: str
) -> None:
    user, headers = await committed_user(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    statements = count_statements(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    assert statements == [], "the caller should now come from the cache"

    # Plain SQL on a connection of its own, as psql or another API process would.
    elsewhere = create_async_engine(real_database.engine.url)
    try:
        async with elsewhere.begin() as connection:
            await connection.execute(text(change), {"user_id": user.id})
    finally:
        await elsewhere.dispose()
    assert await until_refused(http, headers) == 401


@pytest.mark.postgres_only
async def test_while_deaf_the_cache_is_off_and_it_comes_back_empty(
    live_app: FastAPI, http: httpx.AsyncClient, real_database: Database
) -> None:
    cache: PrincipalCache = live_app.state.principals
    listener = live_app.state.caller_changes
    listener.retry_seconds = 0.05
    _, headers = await committed_user(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    assert len(cache) == 1

    async with real_database.engine.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'trellis-caller-changes' AND datname = current_database()"
            )
        )
    await eventually(lambda: not cache.enabled)
    assert len(cache) == 0
    statements = count_statements(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    if not cache.enabled:  # still reconnecting: the caller was read from the database
        assert statements

    await eventually(lambda: listener.listening)
    assert cache.enabled
    assert (await http.get(ME, headers=headers)).status_code == 200
    assert len(cache) == 1


async def test_without_notify_the_cache_stays_off(
    backend: str, live_app: FastAPI, http: httpx.AsyncClient, real_database: Database
) -> None:
    _, headers = await committed_user(real_database)
    assert (await http.get(ME, headers=headers)).status_code == 200
    expected = 1 if backend == "postgresql" else 0
    assert len(live_app.state.principals) == expected


async def test_committing_a_caller_change_clears_this_process_caches(
    real_database: Database,
) -> None:
    cache = listening_cache()
    who = principal(uuid.uuid4())

    def cached() -> bool:
        cache.put(("user", who.id, None), who, cache.generation)
        return len(cache) == 1

    async with real_database.sessionmaker() as session:
        assert cached()
        user = await make_user(session)
        await session.commit()
        assert len(cache) == 1, "a new user changes no cached caller"

        user.display_name = "Renamed"
        await session.commit()
        assert len(cache) == 0

        assert cached()
        await session.execute(
            update(RefreshToken).where(RefreshToken.user_id == user.id).values(revoked_at=utcnow())
        )
        await session.commit()
        assert len(cache) == 0
