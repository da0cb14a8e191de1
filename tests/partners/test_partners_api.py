"""Partners: CRUD, filters, people, CSV, bulk upsert by external id."""

import csv
import io
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.partners.models import Partner
from tests.directory.factories import make_person, make_school
from tests.partners.factories import days, make_agreement, make_partner, make_partner_person
from tests.partners.helpers import PARTNERS, assert_problem, count, error_locs, events_for


def partner_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Bright Futures Tutoring",
        "kind": "nonprofit",
        "description": "After-school reading and math tutoring.",
        "website": "https://brightfutures.example.org",
        "email": "hello@brightfutures.example.org",
        "state": "ca",
        "zip": "95616",
        "focus_areas": ["tutoring", "mentoring"],
        "ein": "94-1234567",
    }
    return body | overrides


async def test_create_then_read(client: httpx.AsyncClient, session: AsyncSession) -> None:
    created = await client.post(PARTNERS, json=partner_body())
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["status"], body["state"], body["version"]) == ("prospective", "CA", 1)
    assert created.headers["location"].endswith(f"{PARTNERS}/{body['id']}")
    fetched = await client.get(created.headers["location"])
    assert fetched.json() == body
    not_modified = await client.get(
        created.headers["location"], headers={"If-None-Match": fetched.headers["etag"]}
    )
    assert not_modified.status_code == 304
    (event,) = await events_for(session, uuid.UUID(body["id"]))
    assert (event.operation, event.partner_id) == ("create", uuid.UUID(body["id"]))


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"kind": "club"}, ["body", "kind"]),
        ({"focus_areas": ["juggling"]}, ["body", "focus_areas", 0]),
        ({"ein": "941234567"}, ["body", "ein"]),
        ({"website": "ftp://x"}, ["body", "website"]),
        ({"name": ""}, ["body", "name"]),
    ],
)
async def test_invalid_partner_is_422(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, object], loc: list[object]
) -> None:
    before = await count(session, Partner)
    response = await client.post(PARTNERS, json=partner_body(**change))
    assert_problem(response, 422)
    assert error_locs(response)[0][: len(loc)] == loc
    assert await count(session, Partner) == before


async def test_duplicate_ein_is_409(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_partner(session, ein="94-1234567")
    assert_problem(await client.post(PARTNERS, json=partner_body()), 409)


async def test_unknown_partner_is_404(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"{PARTNERS}/{uuid.uuid4()}"), 404)
    assert_problem(await client.patch(f"{PARTNERS}/{uuid.uuid4()}", json={}), 404)


async def test_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    tutors = await make_partner(session, name="Zeta Tutors", focus_areas=["tutoring"])
    clinic = await make_partner(
        session,
        name="Alpha Clinic",
        kind="health_provider",
        focus_areas=["health", "mental_health"],
    )
    await make_partner(session, name="Old Friends", status="inactive", focus_areas=[])
    await make_agreement(session, tutors, [school], status="active")
    await make_agreement(session, clinic, [school], status="active", end_date=days(-1))

    async def names(query: str) -> list[str]:
        response = await client.get(f"{PARTNERS}?{query}&limit=500")
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    assert await names("kind=health_provider") == ["Alpha Clinic"]
    assert "Old Friends" in await names("status=inactive")
    assert "Old Friends" not in await names("status=active")
    assert await names("focus_area=mental_health&focus_area=tutoring") == [
        "Alpha Clinic",
        "Zeta Tutors",
    ]
    # Serving the school means an agreement in force today; the clinic's has expired.
    assert await names(f"school_id={school.id}") == ["Zeta Tutors"]
    assert await names("q=CLINIC") == ["Alpha Clinic"]
    assert await names("q=zeta&sort=-name") == ["Zeta Tutors"]
    assert_problem(await client.get(f"{PARTNERS}?kind=club"), 400)


async def test_csv_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_partner(session, name="CSV Partner", focus_areas=["tutoring", "funding"])
    response = await client.get(f"{PARTNERS}?q=CSV%20Partner&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert (row["name"], row["focus_areas"]) == ("CSV Partner", "tutoring;funding")


async def test_merge_patch_and_stale_if_match(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session, phone="555-0100")
    url = f"{PARTNERS}/{partner.id}"
    patched = await client.patch(
        url, json={"phone": None, "status": "inactive"}, headers={"If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["phone"], patched.json()["status"], patched.json()["version"]) == (
        None,
        "inactive",
        2,
    )
    assert_problem(await client.patch(url, json={"name": "x"}, headers={"If-Match": '"1"'}), 412)
    assert_problem(await client.patch(url, json={"name": None}), 422)
    assert_problem(await client.patch(url, json={"focus_areas": ["nope"]}), 422)
    assert (await client.get(url)).json()["version"] == 2


async def test_delete(client: httpx.AsyncClient, session: AsyncSession) -> None:
    unused = await make_partner(session)
    engaged = await make_partner(session)
    staffed = await make_partner(session)
    await make_agreement(session, engaged, [await make_school(session)])
    await make_partner_person(session, staffed)
    assert_problem(await client.delete(f"{PARTNERS}/{engaged.id}"), 409)
    assert_problem(await client.delete(f"{PARTNERS}/{staffed.id}"), 409)
    assert_problem(await client.delete(f"{PARTNERS}/{unused.id}", headers={"If-Match": '"9"'}), 412)
    assert (await client.delete(f"{PARTNERS}/{unused.id}")).status_code == 204
    assert_problem(await client.get(f"{PARTNERS}/{unused.id}"), 404)
    assert [e.operation for e in await events_for(session, unused.id)] == ["delete"]


async def test_people_of_a_partner(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    lead = await make_partner_person(
        session, partner, person=await make_person(session, family_name="Zed"), is_primary=True
    )
    await make_partner_person(
        session, partner, person=await make_person(session, family_name="Able"), role="volunteer"
    )
    await make_partner_person(
        session,
        partner,
        person=await make_person(session, family_name="Gone"),
        end_date=days(-10),
    )
    await make_partner_person(session, await make_partner(session))  # someone else's

    async def families(query: str = "") -> list[str]:
        response = await client.get(f"{PARTNERS}/{partner.id}/people?{query}")
        assert response.status_code == 200, response.text
        return [p["family_name"] for p in response.json()["items"]]

    assert await families() == ["Able", "Gone", "Zed"]
    assert await families("current=true") == ["Able", "Zed"]
    assert await families("current=false") == ["Gone"]
    assert await families("sort=-family_name&limit=1") == ["Zed"]
    items = (await client.get(f"{PARTNERS}/{partner.id}/people?current=true")).json()["items"]
    zed = next(p for p in items if p["family_name"] == "Zed")
    assert (zed["person_id"], zed["role"], zed["is_primary"]) == (str(lead.id), "director", True)
    assert_problem(await client.get(f"{PARTNERS}/{uuid.uuid4()}/people"), 404)


async def test_bulk_upsert_by_external_ids(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    by_ein = await make_partner(session, ein="11-1111111", name="Old name")
    by_external = await make_partner(session, external_id="crm-22", name="Keep")
    rows = [
        partner_body(ein="11-1111111", name="New name", external_id=None),
        partner_body(ein=None, external_id="crm-22", name="Keep", focus_areas=["tutoring"]),
        partner_body(ein="33-3333333", name="Brand new"),
        partner_body(ein="bad"),
    ]
    response = await client.post(f"{PARTNERS}/bulk", json={"items": rows})
    assert response.status_code == 200, response.text
    result = response.json()
    assert [r["status"] for r in result["results"]] == ["updated", "updated", "created", "error"]
    assert result["results"][0]["id"] == str(by_ein.id)
    assert result["results"][1]["id"] == str(by_external.id)
    assert (await client.get(f"{PARTNERS}/{by_ein.id}")).json()["name"] == "New name"
    again = await client.post(f"{PARTNERS}/bulk", json={"items": rows[:1]})
    assert again.json()["results"][0]["status"] == "unchanged"
    before = await count(session, Partner)
    atomic = await client.post(
        f"{PARTNERS}/bulk?atomic=true",
        json={"items": [partner_body(ein="44-4444444"), partner_body(kind="club")]},
    )
    assert_problem(atomic, 422)
    assert await count(session, Partner) == before
