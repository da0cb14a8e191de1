"""Concurrent writers against a served API on PostgreSQL: preconditions hold, retries of one
POST create one record, and overlapping bulk upserts neither duplicate a record nor fail
with a deadlock. These tests commit for real."""

import asyncio
import random
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.roles import Role
from api.core.db import create_engine, make_sessionmaker
from tests.auth.helpers import sign_in_as
from tests.directory.factories import make_person, make_school
from tests.live_api import served
from tests.mentoring.helpers import PARTICIPANTS, PROGRAMS, days, program_body

pytestmark = pytest.mark.postgres_only

V1 = "/api/v1"
PATCHERS = 200
RETRIES = 1000
BULK_WRITERS = 6
KEYS = 60  # external ids shared by the writers
ROWS_EACH = 40

Row = Callable[[int, int], dict[str, Any]]


@dataclass
class World:
    base: str
    headers: dict[str, str]
    engine: AsyncEngine
    district_id: str
    school_id: str
    people: list[str]

    def client(self, connections: int) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base,
            headers=self.headers,
            timeout=120,
            # Pooled connections expire before the server's 5 s keep-alive does: on a busy
            # machine one left idle that long is closed by the server as it is reused.
            limits=httpx.Limits(max_connections=connections, keepalive_expiry=2.0),
        )


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    made = create_engine(fresh_database_url)
    yield made
    await made.dispose()


@pytest.fixture
def server(fresh_database_url: str) -> Iterator[str]:
    with served(fresh_database_url) as base:
        yield base


@pytest.fixture
async def world(server: str, engine: AsyncEngine) -> World:
    async with make_sessionmaker(engine)() as session:
        headers = await sign_in_as(session, Role.admin)
        school = await make_school(session)
        people = [str((await make_person(session)).id) for _ in range(3 * KEYS)]
        district_id, school_id = str(school.district_id), str(school.id)
        await session.commit()
    return World(server, headers, engine, district_id, school_id, people)


async def rows_of(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(text(sql), params)).all())


async def test_concurrent_patches_succeed_once_per_version(world: World) -> None:
    async with world.client(PATCHERS) as client:
        made = await client.post(
            f"{V1}/partners", json={"name": "Shared record", "kind": "nonprofit"}
        )
        assert made.status_code == 201, made.text
        url = f"{V1}/partners/{made.json()['id']}"
        initial = made.json()

        async def read_then_patch(writer: int) -> tuple[str, dict[str, Any], httpx.Response]:
            tag = (await client.get(url)).headers["etag"]
            change = {"name": f"Writer {writer}", "city": f"City {writer % 7}"}
            answer = await client.patch(url, json=change, headers={"If-Match": tag})
            return tag, change, answer

        attempts = await asyncio.gather(*(read_then_patch(w) for w in range(PATCHERS)))
        final = (await client.get(url)).json()
    assert {answer.status_code for _, _, answer in attempts} <= {200, 412}
    for _, _, answer in attempts:
        if answer.status_code == 412:
            assert answer.headers["content-type"] == "application/problem+json"
    accepted = sorted(
        ((answer.json()["version"], change) for _, change, answer in attempts if answer.is_success),
        key=lambda pair: pair[0],
    )
    # Every version a writer read was built on by exactly one writer.
    tried = Counter(tag for tag, _, _ in attempts)
    won = Counter(tag for tag, _, answer in attempts if answer.is_success)
    assert won == Counter(dict.fromkeys(tried, 1))
    assert [version for version, _ in accepted] == list(range(2, 2 + len(accepted)))
    replayed = dict(initial)
    for _, change in accepted:
        replayed |= change
    ignored = {"version", "updated_at"}
    assert {k: v for k, v in final.items() if k not in ignored} == {
        k: v for k, v in replayed.items() if k not in ignored
    }
    assert final["version"] == 1 + len(accepted)
    logged = await rows_of(
        world.engine,
        "SELECT version, changes FROM events WHERE resource_id = :id AND operation = 'update' "
        "ORDER BY seq",
        id=uuid.UUID(initial["id"]),
    )
    assert [(v, c["name"][1]) for v, c in logged] == [(v, c["name"]) for v, c in accepted]


async def test_concurrent_retries_of_one_post_create_one_record(world: World) -> None:
    body = {"name": "Retried partner", "kind": "nonprofit", "city": "Montpelier"}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    async with world.client(RETRIES) as client:
        answers = await asyncio.gather(
            *(client.post(f"{V1}/partners", json=body, headers=key) for _ in range(RETRIES))
        )
    assert Counter(a.status_code for a in answers) == {201: RETRIES}
    assert len({a.content for a in answers}) == 1
    assert len({(a.headers["location"], a.headers["etag"]) for a in answers}) == 1
    assert sum("idempotent-replayed" not in a.headers for a in answers) == 1
    stored = await rows_of(world.engine, "SELECT id FROM partners WHERE name = :n", n=body["name"])
    assert [str(row.id) for row in stored] == [answers[0].json()["id"]]
    creations = await rows_of(
        world.engine,
        "SELECT count(*) FROM events WHERE resource_id = :id AND operation = 'create'",
        id=stored[0].id,
    )
    assert creations[0][0] == 1


async def _program_rows(client: httpx.AsyncClient, world: World) -> tuple[str, list[str]]:
    """A programme and, for each key, a mentor and a mentee enrolled in it."""
    program = await client.post(PROGRAMS, json=program_body())
    assert program.status_code == 201, program.text
    program_id = program.json()["id"]
    enrolled = [
        {
            "program_id": program_id,
            "person_id": world.people[KEYS + n],
            "role": "mentor" if n % 2 == 0 else "mentee",
            "external_id": f"pair-{n}",
            "enrolled_on": days(-30),
        }
        for n in range(2 * KEYS)
    ]
    answer = await client.post(f"{PARTICIPANTS}/bulk", json={"items": enrolled})
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 2 * KEYS, answer.text
    return program_id, [row["id"] for row in answer.json()["results"]]


def bulk_areas(world: World, program_id: str, pairs: list[str]) -> dict[str, tuple[str, Row]]:
    """Per area: its bulk path, its table's natural key column and a row for key k as writer
    w sends it (writers disagree on a field, so later batches update earlier ones)."""
    return {
        "districts": (
            "nces_leaid",
            lambda k, w: {"name": f"D{k} by {w}", "state": "VT", "nces_leaid": f"{5_100_000 + k}"},
        ),
        "schools": (
            "nces_id",
            lambda k, w: {
                "name": f"S{k} by {w}",
                "district_id": world.district_id,
                "nces_id": f"{510_000_000_000 + k}",
            },
        ),
        "people": (
            "sis_id",
            lambda k, w: {"given_name": f"G{k}", "family_name": f"by {w}", "sis_id": f"sis-{k}"},
        ),
        "partners": (
            "external_id",
            lambda k, w: {"name": f"P{k} by {w}", "kind": "nonprofit", "external_id": f"p-{k}"},
        ),
        "goals": (
            "external_id",
            lambda k, w: {
                "school_id": world.school_id,
                "school_year": "2026-27",
                "title": f"Goal {k} by {w}",
                "area": "ela",
                "external_id": f"g-{k}",
            },
        ),
        "mentoring/participants": (
            "external_id",
            lambda k, w: {
                "program_id": program_id,
                "person_id": world.people[k],
                "role": "mentee",
                "external_id": f"e-{k}",
                "enrolled_on": days(-30 - w),
            },
        ),
        "mentoring/matches": (
            "external_id",
            lambda k, w: {
                "program_id": program_id,
                "mentor_id": pairs[2 * k],
                "mentee_id": pairs[2 * k + 1],
                "external_id": f"m-{k}",
                "score": w,
            },
        ),
    }


TABLES = {
    "districts": "districts",
    "schools": "schools",
    "people": "people",
    "partners": "partners",
    "goals": "goals",
    "mentoring/participants": "mentoring_participants",
    "mentoring/matches": "mentoring_matches",
}


async def test_overlapping_bulk_upserts_in_every_area_neither_duplicate_nor_deadlock(
    world: World,
) -> None:
    async with world.client(BULK_WRITERS * 2) as client:
        program_id, pairs = await _program_rows(client, world)
        areas = bulk_areas(world, program_id, pairs)
        assert set(areas) == set(TABLES)
        failures: list[str] = []
        for area, (key_column, row) in areas.items():
            written: set[str] = set()
            # Two rounds: the first races to create the records, the second to update them;
            # each writer sends its own mix of the shared keys, in its own order.
            for round_ in range(2):
                batches = [
                    random.Random(f"{area}{round_}{w}").sample(range(KEYS), ROWS_EACH)
                    for w in range(BULK_WRITERS)
                ]
                answers = await asyncio.gather(
                    *(
                        client.post(f"{V1}/{area}/bulk", json={"items": [row(k, w) for k in keys]})
                        for w, keys in enumerate(batches)
                    )
                )
                for keys, answer in zip(batches, answers, strict=True):
                    if answer.status_code == 200:
                        written |= {row(k, 0)[key_column] for k in keys}
                    if answer.status_code == 409:
                        assert answer.headers["content-type"] == "application/problem+json"
                    elif answer.status_code != 200 or answer.json()["failed"]:
                        failures.append(f"{area} round {round_}: {answer.text[:500]}")
            stored = await rows_of(
                world.engine,
                f"SELECT {key_column}, count(*) FROM {TABLES[area]} "  # noqa: S608
                f"WHERE {key_column} IS NOT NULL GROUP BY {key_column}",
            )
            shared = {row(k, 0)[key_column] for k in range(KEYS)}
            ours = {key: n for key, n in stored if key in shared}
            assert set(ours) == written, area
            assert all(n == 1 for n in ours.values()), f"{area} has duplicates"
        assert not failures, "\n".join(failures)


async def test_a_bulk_upsert_that_loses_a_race_to_single_creates_is_played_again(
    world: World,
) -> None:
    # Single creates take no bulk lock: a batch reading before they commit and writing after
    # meets their keys in the unique index, and is played again to update what they made.
    async with world.client(KEYS) as client:

        async def single(key: str) -> httpx.Response:
            body = {"name": f"Single {key}", "state": "VT", "nces_leaid": key}
            return await client.post(f"{V1}/districts", json=body)

        for round_ in range(3):
            keys = [f"{5_200_000 + round_ * KEYS + k}" for k in range(KEYS)]
            rows = [{"name": f"Bulk {key}", "state": "VT", "nces_leaid": key} for key in keys]
            bulk, *singles = await asyncio.gather(
                client.post(f"{V1}/districts/bulk", json={"items": rows}),
                *(single(key) for key in keys[::6]),
            )
            assert bulk.status_code == 200, bulk.text
            assert bulk.json()["failed"] == 0, bulk.text
            for answer in singles:
                assert answer.status_code in (201, 409), answer.text
    stored = await rows_of(
        world.engine,
        "SELECT nces_leaid, count(*) FROM districts WHERE nces_leaid LIKE '52%' "
        "GROUP BY nces_leaid",
    )
    assert len(stored) == 3 * KEYS
    assert {n for _, n in stored} == {1}
