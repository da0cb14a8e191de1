"""Each event carries what a copy needs to apply it alone: the record as the reader may
read it, its collection, its parent and its natural keys before and after."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.auth.roles import Role
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.integrations.feed import feed, last_seq
from tests.partners.factories import days, make_agreement, make_partner

SCHOOLS = "/api/v1/schools"
PARTNERS = "/api/v1/partners"


@asynccontextmanager
async def statements_run(connection: AsyncConnection) -> AsyncIterator[list[str]]:
    """Every statement run on the test's connection: through SQLAlchemy, or straight on
    asyncpg (the feed's hot reads), which SQLAlchemy's events do not see."""
    statements: list[str] = []

    def through_sqlalchemy(*args: Any) -> None:
        statements.append(str(args[2]))

    def on_driver(query: Any) -> None:
        statements.append(query.query)

    engine = connection.engine.sync_engine
    driver = (await connection.get_raw_connection()).driver_connection
    logged = hasattr(driver, "add_query_logger")
    event.listen(engine, "before_cursor_execute", through_sqlalchemy)
    if logged:
        driver.add_query_logger(on_driver)  # type: ignore[union-attr]
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", through_sqlalchemy)
        if logged:
            driver.remove_query_logger(on_driver)  # type: ignore[union-attr]


async def test_a_school_rekeyed_then_deleted_is_named_by_its_keys_at_each_step(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    start = await last_seq(client)
    created = await client.post(
        SCHOOLS,
        json={"name": "Elm", "district_id": str(district.id), "nces_id": "480000000001"},
    )
    assert created.status_code == 201, created.text
    url = f"{SCHOOLS}/{created.json()['id']}"
    rekeyed = await client.patch(url, json={"nces_id": "480000000002", "state_school_id": "S-9"})
    assert rekeyed.status_code == 200, rekeyed.text
    assert (await client.delete(url)).status_code == 204

    made, changed, deleted = await feed(client, start)
    parent = {"resource": "districts", "id": str(district.id)}
    for each in (made, changed, deleted):
        assert each["collection"] == SCHOOLS
        assert each["parent"] == parent
    assert made["keys"] == {
        "before": None,
        "after": {"nces_id": "480000000001", "state_school_id": None},
    }
    assert changed["keys"] == {
        "before": {"nces_id": "480000000001", "state_school_id": None},
        "after": {"nces_id": "480000000002", "state_school_id": "S-9"},
    }
    assert deleted["keys"] == {
        "before": {"nces_id": "480000000002", "state_school_id": "S-9"},
        "after": None,
    }
    assert deleted["record"] is None
    # The record is as it is now: gone, for the events before its delete too.
    assert made["record"] is None
    assert changed["record"] is None


async def test_the_record_is_the_resources_own_read_for_the_readers_scope(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    start = await last_seq(client)
    for school in (ours, theirs):
        edited = await client.patch(f"{SCHOOLS}/{school.id}", json={"phone": "555-0100"})
        assert edited.status_code == 200, edited.text
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    (seen,) = await feed(coordinator, start)
    read = await coordinator.get(f"{SCHOOLS}/{ours.id}")
    shown = read.json()
    assert seen["resource_id"] == str(ours.id)
    assert seen["record"] == {name: shown[name] for name in seen["record"]}
    assert seen["record"]["phone"] == "555-0100"
    assert set(seen["record"]) >= {"id", "version", "nces_id", "district_id", "name"}
    assert "changes" not in seen or seen["changes"] is None


async def test_a_partner_is_keyed_by_ein_and_external_id(client: httpx.AsyncClient) -> None:
    start = await last_seq(client)
    made = await client.post(
        PARTNERS,
        json={"name": "Read Ahead", "kind": "nonprofit", "ein": "12-3456789", "external_id": "P1"},
    )
    assert made.status_code == 201, made.text
    (created,) = await feed(client, start)
    assert created["collection"] == PARTNERS
    assert created["parent"] is None
    assert created["keys"]["after"] == {"ein": made.json()["ein"], "external_id": "P1"}
    assert created["record"]["name"] == "Read Ahead"


async def test_an_interaction_names_its_agreement_and_the_collection_under_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    agreement = await make_agreement(session, partner, [await make_school(session)])
    start = await last_seq(client)
    log = f"/api/v1/agreements/{agreement.id}/interactions"
    body = {"occurred_on": str(days(-1)), "kind": "meeting", "summary": "Planned the term."}
    made = await client.post(log, json=body)
    assert made.status_code == 201, made.text
    interaction = [e for e in await feed(client, start) if e["resource"] == "interactions"]
    assert [e["operation"] for e in interaction] == ["create"]
    assert interaction[0]["collection"] == log
    assert interaction[0]["parent"] == {"resource": "agreements", "id": str(agreement.id)}
    assert interaction[0]["record"] == made.json()


async def test_a_page_reads_its_records_in_one_query_per_resource(
    client: httpx.AsyncClient, session: AsyncSession, connection: AsyncConnection
) -> None:
    schools = [await make_school(session) for _ in range(30)]
    start = await last_seq(client)
    for school in schools:
        edited = await client.patch(f"{SCHOOLS}/{school.id}", json={"phone": "555-0199"})
        assert edited.status_code == 200, edited.text
    async with statements_run(connection) as statements:
        events = await feed(client, start)
    assert len(events) == 30
    assert all(e["record"]["phone"] == "555-0199" for e in events)
    reads = [s for s in statements if "FROM schools" in s and "events" not in s]
    assert len(reads) == 1, reads


async def test_latest_names_the_newest_sequence_number(client: httpx.AsyncClient) -> None:
    start = await last_seq(client)
    assert (await client.get("/api/v1/events/latest")).json() == {"seq": start}
    made = await client.post(PARTNERS, json={"name": "Later", "kind": "nonprofit"})
    assert made.status_code == 201, made.text
    newest = (await client.get("/api/v1/events/latest")).json()["seq"]
    assert newest > start
    assert [e["seq"] for e in await feed(client, start)][-1] == newest
    assert await feed(client, newest) == []


async def test_a_bulk_upsert_names_each_rows_keys_before_and_after(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district, nces_id="480000000010")
    start = await last_seq(client)
    rows = [
        {
            "id": str(school.id),
            "name": school.name,
            "district_id": str(district.id),
            "nces_id": "480000000011",
        },
        {"name": "New", "district_id": str(district.id), "nces_id": "480000000012"},
    ]
    answered = await client.post(f"{SCHOOLS}/bulk", json={"items": rows})
    assert answered.status_code == 200, answered.text
    rekeyed, made = await feed(client, start)
    assert rekeyed["keys"] == {
        "before": {"nces_id": "480000000010", "state_school_id": None},
        "after": {"nces_id": "480000000011", "state_school_id": None},
    }
    assert made["keys"] == {
        "before": None,
        "after": {"nces_id": "480000000012", "state_school_id": None},
    }
    assert made["record"]["name"] == "New"
