"""One record's history from the change feed: its own events only, as far as the caller
may see them."""

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.integrations.feed import EVENTS
from tests.integrations.test_events import PEOPLE, add_person


async def history(reader: httpx.AsyncClient, record_id: str) -> list[dict[str, object]]:
    response = await reader.get(EVENTS, params={"record_id": record_id, "limit": 1000})
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_an_administrator_reads_one_records_changes_and_nothing_else(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    person = await add_person(client, school_id=str(school.id))
    other = await add_person(client, school_id=str(school.id))
    edited = await client.patch(f"{PEOPLE}/{person}", json={"notes": "Mornings"})
    assert edited.status_code == 200, edited.text
    assert (await client.patch(f"{PEOPLE}/{other}", json={"notes": "Evenings"})).status_code == 200

    events = await history(client, person)
    assert [(e["resource_id"], e["operation"]) for e in events] == [
        (person, "create"),
        (person, "update"),
    ]
    assert events[1]["changes"] == {"notes": [None, "Mornings"]}
    assert events[1]["version"] == 2


async def test_a_records_history_is_cut_to_the_callers_scope(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_district(session), await make_district(session)
    school = await make_school(session, ours)
    person = await add_person(client, school_id=str(school.id))
    assert (await client.patch(f"{PEOPLE}/{person}", json={"notes": "Mornings"})).status_code == 200

    manager = await sign_in(Role.district_manager, district_ids=[ours.id])
    seen = await history(manager, person)
    assert [e["operation"] for e in seen] == ["visible", "update"]
    # Who changed what is for administrators only.
    assert all(e.get("changes") is None for e in seen)
    stranger = await sign_in(Role.district_manager, district_ids=[theirs.id])
    assert await history(stranger, person) == []


async def test_a_record_without_events_has_an_empty_history(client: httpx.AsyncClient) -> None:
    response = await client.get(EVENTS, params={"record_id": str(uuid.uuid4())})
    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "next_after": 0}


async def test_a_record_id_that_is_no_uuid_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get(EVENTS, params={"record_id": "school-1"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
