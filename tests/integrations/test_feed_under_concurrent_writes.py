"""A reader paging the feed while several writers commit keeps an exact copy from the feed
alone: every event once, in commit order. These tests commit for real.

Sequence numbers are drawn under a transaction-scoped advisory lock taken just before
commit (api.core.events), so a transaction holding a higher number cannot commit before
one holding a lower: without it a reader could pass a number whose transaction had not
committed yet, and lose that event.
"""

import asyncio
import random
import uuid
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core import transactions
from api.core.db import Database
from api.core.events import Event, flush_events
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.directory.factories import make_district

SCHOOLS = "/api/v1/schools"
WRITERS = 4
WRITES_EACH = 30


async def _write(client: httpx.AsyncClient, district: uuid.UUID, writer: int) -> None:
    rng = random.Random(writer)
    mine: list[str] = []
    for n in range(WRITES_EACH):
        roll = rng.random()
        if not mine or roll < 0.4:
            body = {"name": f"W{writer}-{n}", "district_id": str(district)}
            made = await client.post(SCHOOLS, json=body | {"nces_id": f"9{writer:02}{n:09}"})
            assert made.status_code == 201, made.text
            mine.append(made.json()["id"])
        elif roll < 0.85:
            change = {"phone": f"555-{n:04}", "state_school_id": f"S{writer}-{n}"}
            edited = await client.patch(f"{SCHOOLS}/{rng.choice(mine)}", json=change)
            assert edited.status_code == 200, edited.text
        else:
            gone = mine.pop(rng.randrange(len(mine)))
            assert (await client.delete(f"{SCHOOLS}/{gone}")).status_code == 204


def _apply(copy: dict[str, dict[str, Any]], event: dict[str, Any]) -> None:
    if event["resource"] != "schools":
        return
    if event["operation"] == "delete":
        copy.pop(event["resource_id"], None)
        return
    record = event["record"]
    if record is None:  # deleted since: its delete event follows
        return
    held = copy.get(record["id"])
    if held is None or held["version"] <= record["version"]:
        copy[record["id"]] = record


async def _read(
    client: httpx.AsyncClient, after: int, copy: dict[str, dict[str, Any]], seen: list[int]
) -> int:
    response = await client.get(f"/api/v1/events?after={after}&limit=7")
    assert response.status_code == 200, response.text
    page = response.json()
    for event in page["items"]:
        seen.append(event["seq"])
        _apply(copy, event)
    return int(page["next_after"])


@pytest.mark.postgres_only
async def test_a_reader_paging_during_concurrent_writes_keeps_an_exact_copy(
    real_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Commits that lag behind their events' numbering, as over a slow network: the race
    # the lock closes is then wide open for the reader to fall into.
    pause = random.Random(7)

    async def events_then_a_slow_commit(session: AsyncSession) -> None:
        await flush_events(session)
        await asyncio.sleep(pause.random() / 50)

    monkeypatch.setattr(transactions, "flush_events", events_then_a_slow_commit)
    async with real_database.sessionmaker() as session:
        district = (await make_district(session)).id
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=real_database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        start = (await c.get("/api/v1/events/latest")).json()["seq"]
        copy: dict[str, dict[str, Any]] = {}
        seen: list[int] = []
        writing = asyncio.gather(*(_write(c, district, w) for w in range(WRITERS)))
        after = start
        while not writing.done():
            after = await _read(c, after, copy, seen)
            await asyncio.sleep(0)
        read_while_writing = len(seen)
        await writing
        while (caught_up := await _read(c, after, copy, seen)) != after:
            after = caught_up
        export = await c.get(
            f"{SCHOOLS}?district_id={district}", headers={"Accept": "application/x-ndjson"}
        )
        assert export.status_code == 200, export.text
        truth = {row["id"]: row for row in map(orjson.loads, export.content.splitlines())}
    async with real_database.sessionmaker() as session:
        logged = list(await session.scalars(select(Event.seq).where(Event.seq > start)))
    assert seen == sorted(logged)  # each once, in order, none missed
    assert len(seen) >= WRITERS * WRITES_EACH
    assert read_while_writing > 0
    assert copy == truth
