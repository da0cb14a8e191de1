"""Every ETag covers everything in its body: a 304 means the very same body, while
`If-Match` on a write keeps taking the tag a client got from the detail GET."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import School
from tests.directory.factories import make_assignment, make_person, make_school
from tests.partners.factories import days, make_agreement, make_partner
from tests.partners.helpers import AGREEMENTS

SCHOOLS = "/api/v1/schools"
PEOPLE = "/api/v1/people"
DISTRICTS = "/api/v1/districts"
ACTION_ITEMS = "/api/v1/action-items"


async def _revalidated(client: httpx.AsyncClient, url: str, etag: str) -> httpx.Response:
    return await client.get(url, headers={"If-None-Match": etag})


async def _stale(client: httpx.AsyncClient, url: str, etag: str) -> httpx.Response:
    """Revalidating a tag the body has moved on from: a 200, not a 304."""
    fresh = await _revalidated(client, url, etag)
    assert fresh.status_code == 200
    return fresh


async def _school_and_tag(
    client: httpx.AsyncClient, session: AsyncSession
) -> tuple[School, str, str]:
    """A new school, its detail URL and the tag a GET of it gives."""
    school = await make_school(session)
    url = f"{SCHOOLS}/{school.id}"
    return school, url, (await client.get(url)).headers["etag"]


async def test_a_school_detail_tag_changes_with_its_key_contacts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    principal = await make_person(session, given_name="Rosa")
    await make_assignment(session, principal, school=school, role="principal")
    url = f"{SCHOOLS}/{school.id}"
    first = await client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith(f'"{school.version}.')
    assert (await _revalidated(client, url, etag)).status_code == 304

    renamed = await client.patch(f"{PEOPLE}/{principal.id}", json={"given_name": "Rosalind"})
    assert renamed.status_code == 200, renamed.text
    fresh = await _stale(client, url, etag)
    assert fresh.json()["key_contacts"][0]["given_name"] == "Rosalind"
    assert fresh.json()["version"] == first.json()["version"]
    assert fresh.headers["etag"] != etag
    assert (await _revalidated(client, url, fresh.headers["etag"])).status_code == 304


async def test_a_school_detail_tag_changes_with_its_district(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school, url, etag = await _school_and_tag(client, session)
    district = f"{DISTRICTS}/{school.district_id}"
    assert (await client.patch(district, json={"name": "Renamed USD"})).status_code == 200
    fresh = await _stale(client, url, etag)
    assert fresh.json()["district"]["name"] == "Renamed USD"


async def test_a_new_key_contact_is_no_304(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school, url, etag = await _school_and_tag(client, session)
    await make_assignment(session, await make_person(session), school=school, role="principal")
    fresh = await _stale(client, url, etag)
    assert len(fresh.json()["key_contacts"]) == 1


async def test_if_match_takes_the_detail_tag_for_writes_to_the_school(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school, url, etag = await _school_and_tag(client, session)
    await make_assignment(session, await make_person(session), school=school, role="principal")
    # The contacts changed, the school did not: the write is not against a stale school.
    patched = await client.patch(url, json={"name": "New Name"}, headers={"If-Match": etag})
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == f'"{patched.json()["version"]}"'
    stale = await client.patch(url, json={"name": "Lost"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    weak = await client.patch(url, json={"name": "Lost"}, headers={"If-Match": f"W/{etag}"})
    assert weak.status_code == 412
    assert (await client.get(url)).json()["name"] == "New Name"
    assert (await client.delete(url, headers={"If-Match": etag})).status_code == 412


async def test_an_interaction_tag_changes_when_an_action_item_is_ticked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    agreement = await make_agreement(
        session, partner, [await make_school(session)], status="active", cadence="monthly"
    )
    logged = await client.post(
        f"{AGREEMENTS}/{agreement.id}/interactions",
        json={"occurred_on": str(days(0)), "kind": "call", "action_items": [{"text": "Call"}]},
    )
    assert logged.status_code == 201, logged.text
    url = logged.headers["location"]
    first = await client.get(url)
    assert first.headers["etag"] == logged.headers["etag"]
    assert (await _revalidated(client, url, first.headers["etag"])).status_code == 304
    item = f"{ACTION_ITEMS}/{logged.json()['action_items'][0]['id']}"
    assert (await client.patch(item, json={"done": True})).status_code == 200
    fresh = await _stale(client, url, first.headers["etag"])
    assert fresh.json()["action_items"][0]["done"] is True
    edited = await client.patch(
        url, json={"summary": "Called back"}, headers={"If-Match": first.headers["etag"]}
    )
    assert edited.status_code == 200, edited.text


async def test_an_agreement_tag_covers_what_is_derived_from_its_interactions(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    agreement = await make_agreement(
        session, partner, [await make_school(session)], status="active", cadence="monthly"
    )
    url = f"{AGREEMENTS}/{agreement.id}"
    first = await client.get(url)
    assert (await _revalidated(client, url, first.headers["etag"])).status_code == 304
    logged = await client.post(
        f"{url}/interactions", json={"occurred_on": str(days(0)), "kind": "call"}
    )
    assert logged.status_code == 201, logged.text
    fresh = await _stale(client, url, first.headers["etag"])
    assert fresh.json()["version"] == first.json()["version"]
    assert fresh.json()["health"] != first.json()["health"]
    terminated = await client.post(
        f"{url}/terminate", json={"reason": "Done"}, headers={"If-Match": first.headers["etag"]}
    )
    assert terminated.status_code == 200, terminated.text


async def test_a_plain_record_keeps_its_version_as_its_tag(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    person = await make_person(session)
    fetched = await client.get(f"{PEOPLE}/{person.id}")
    assert fetched.headers["etag"] == f'"{person.version}"'
    assert (
        await _revalidated(client, f"{PEOPLE}/{person.id}", fetched.headers["etag"])
    ).status_code == 304


async def test_an_empty_if_match_is_a_bad_request_that_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    url = f"/api/v1/schools/{school.id}"
    answer = await client.patch(url, json={"name": "Renamed"}, headers={"If-Match": " , "})
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert (await client.get(url)).json()["name"] == school.name
