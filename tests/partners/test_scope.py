"""Who sees and changes what: partner organisations, coordinators, district managers, viewers."""

import uuid
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import Person, School
from api.partners.models import Agreement, Partner
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.partners.factories import (
    days,
    make_agreement,
    make_interaction,
    make_partner,
    make_partner_person,
)
from tests.partners.helpers import (
    AGREEMENTS,
    PARTNERS,
    agreement_body,
    assert_problem,
    counts,
    error_locs,
)


@dataclass
class World:
    mine: School  # the coordinator's school
    neighbour: School  # same district, someone else's
    far: School  # another district
    ours: Partner
    theirs: Partner
    our_agreement: Agreement  # ours at `mine`
    their_agreement: Agreement  # theirs at `far`
    district_wide: Agreement  # theirs across mine's district
    our_person: Person
    teacher: Person  # staff at `mine`


@pytest.fixture
async def world(session: AsyncSession) -> World:
    district = await make_district(session)
    mine, neighbour = await make_school(session, district), await make_school(session, district)
    far = await make_school(session, await make_district(session))
    ours, theirs = (
        await make_partner(session, name="Ours"),
        await make_partner(session, name="Theirs"),
    )
    our_agreement = await make_agreement(session, ours, [mine], title="Ours at mine")
    their_agreement = await make_agreement(
        session, theirs, [far], status="active", title="Theirs far away"
    )
    district_wide = await make_agreement(
        session, theirs, district=district, status="active", title="District-wide"
    )
    await make_interaction(session, their_agreement, action_items=[{"text": "Secret"}])
    our_person = await make_partner_person(session, ours)
    teacher = await make_person(session)
    await make_assignment(session, teacher, school=mine)
    return World(
        mine,
        neighbour,
        far,
        ours,
        theirs,
        our_agreement,
        their_agreement,
        district_wide,
        our_person,
        teacher,
    )


async def titles(client: httpx.AsyncClient) -> set[str]:
    response = await client.get(f"{AGREEMENTS}?limit=500")
    assert response.status_code == 200, response.text
    return {item["title"] for item in response.json()["items"]}


async def test_a_partner_sees_only_its_own_organisation(world: World, sign_in: SignIn) -> None:
    partner = await sign_in(Role.partner, partner_id=world.ours.id)
    assert await titles(partner) == {"Ours at mine"}
    assert_problem(await partner.get(f"{AGREEMENTS}/{world.their_agreement.id}"), 404)
    assert_problem(await partner.get(f"{AGREEMENTS}/{world.their_agreement.id}/interactions"), 404)
    assert_problem(
        await partner.post(
            f"{AGREEMENTS}/{world.their_agreement.id}/terminate", json={"reason": "x"}
        ),
        404,
    )
    listed = (await partner.get(f"{PARTNERS}?limit=500")).json()["items"]
    assert [p["name"] for p in listed] == ["Ours"]
    assert_problem(await partner.get(f"{PARTNERS}/{world.theirs.id}"), 404)
    assert (await partner.get("/api/v1/action-items")).json()["items"] == []


async def test_a_partner_bulk_row_matching_another_partner_does_not_name_it(
    world: World, sign_in: SignIn, session: AsyncSession
) -> None:
    world.theirs.ein = "12-3456789"
    await session.flush()
    partner = await sign_in(Role.partner, partner_id=world.ours.id)
    row = {"ein": "12-3456789", "name": "Taken Over", "kind": "other"}
    response = await partner.post(f"{PARTNERS}/bulk", json={"items": [row]})
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["status"] == "error"
    assert result["errors"][0]["msg"] == "no such record in your scope"
    assert str(world.theirs.id) not in response.text
    assert await session.scalar(select(Partner.name).where(Partner.id == world.theirs.id)) == (
        "Theirs"
    )


async def test_a_partner_works_on_its_own_agreements(
    world: World, sign_in: SignIn, session: AsyncSession
) -> None:
    partner = await sign_in(Role.partner, partner_id=world.ours.id)
    url = f"{AGREEMENTS}/{world.our_agreement.id}"
    assert (await partner.patch(url, json={"title": "Renamed"})).status_code == 200
    logged = await partner.post(
        f"{url}/interactions", json={"occurred_on": str(days(0)), "kind": "call"}
    )
    assert logged.status_code == 201, logged.text
    assert (await partner.post(f"{url}/propose")).status_code == 200
    # A school its agreements already serve is in reach; any other is not.
    again = await partner.post(AGREEMENTS, json=agreement_body(world.ours.id, [world.mine.id]))
    assert again.status_code == 201, again.text
    before = await counts(session)
    elsewhere = await partner.post(AGREEMENTS, json=agreement_body(world.ours.id, [world.far.id]))
    assert error_locs(elsewhere) == [["body", "school_ids", 0]]
    for_them = await partner.post(AGREEMENTS, json=agreement_body(world.theirs.id, [world.mine.id]))
    assert error_locs(for_them) == [["body", "partner_id"]]
    assert await counts(session) == before
    assert_problem(await partner.post(PARTNERS, json={"name": "New org", "kind": "other"}), 403)
    assert (
        await partner.patch(f"{PARTNERS}/{world.ours.id}", json={"phone": "555-0101"})
    ).status_code == 200


async def test_a_partner_sees_the_schools_it_serves_and_its_own_people(
    world: World, sign_in: SignIn, session: AsyncSession
) -> None:
    principal = await make_person(session)
    await make_assignment(session, principal, school=world.mine, role="principal")
    partner = await sign_in(Role.partner, partner_id=world.ours.id)
    schools = (await partner.get("/api/v1/schools")).json()["items"]
    assert [s["id"] for s in schools] == [str(world.mine.id)]
    # Its public directory data, not the staff working there.
    detail = (await partner.get(f"/api/v1/schools/{world.mine.id}")).json()
    assert (detail["id"], detail["key_contacts"]) == (str(world.mine.id), [])
    assert (await partner.get(f"/api/v1/people/{principal.id}")).status_code == 404
    coordinator = await sign_in(Role.coordinator, school_ids=[world.mine.id])
    contacts = (await coordinator.get(f"/api/v1/schools/{world.mine.id}")).json()["key_contacts"]
    assert [c["person_id"] for c in contacts] == [str(principal.id)]
    assert (await partner.get(f"/api/v1/schools/{world.far.id}")).status_code == 404
    people = (await partner.get("/api/v1/people")).json()["items"]
    assert [p["id"] for p in people] == [str(world.our_person.id)]
    assert (await partner.get(f"/api/v1/people/{world.teacher.id}")).status_code == 404
    staff = (await partner.get(f"{PARTNERS}/{world.ours.id}/people")).json()["items"]
    assert [p["person_id"] for p in staff] == [str(world.our_person.id)]


async def test_the_event_feed_shows_a_partner_its_own_changes(
    world: World, sign_in: SignIn, client: httpx.AsyncClient
) -> None:
    start = (await client.get("/api/v1/events?limit=1000")).json()["next_after"]
    await client.patch(f"{AGREEMENTS}/{world.our_agreement.id}", json={"title": "Seen"})
    await client.post(f"{AGREEMENTS}/{world.their_agreement.id}/terminate", json={"reason": "x"})
    partner = await sign_in(Role.partner, partner_id=world.ours.id)
    feed = (await partner.get(f"/api/v1/events?after={start}&resource=agreements")).json()
    assert [e["resource_id"] for e in feed["items"]] == [str(world.our_agreement.id)]


async def test_a_coordinator_sees_agreements_touching_their_school(
    world: World, sign_in: SignIn
) -> None:
    coordinator = await sign_in(Role.coordinator, school_ids=[world.mine.id])
    assert await titles(coordinator) == {"Ours at mine", "District-wide"}
    assert_problem(await coordinator.get(f"{AGREEMENTS}/{world.their_agreement.id}"), 404)
    # The catalogue of partners is shared; their people are not.
    names = {p["name"] for p in (await coordinator.get(f"{PARTNERS}?limit=500")).json()["items"]}
    assert {"Ours", "Theirs"} <= names
    assert (await coordinator.get(f"{PARTNERS}/{world.ours.id}/people")).json()["items"] != []
    stranger = await make_partner_for(world, coordinator)
    assert (await coordinator.get(f"{PARTNERS}/{stranger}/people")).json()["items"] == []


async def test_the_catalogue_does_not_tell_who_serves_a_school_outside_scope(
    world: World, sign_in: SignIn
) -> None:
    coordinator = await sign_in(Role.coordinator, school_ids=[world.mine.id])
    serving = await coordinator.get(f"{PARTNERS}?school_id={world.far.id}")
    assert serving.status_code == 200, serving.text
    assert serving.json()["items"] == []
    far_coordinator = await sign_in(Role.coordinator, school_ids=[world.far.id])
    serving = await far_coordinator.get(f"{PARTNERS}?school_id={world.far.id}")
    assert [p["name"] for p in serving.json()["items"]] == ["Theirs"]


async def make_partner_for(world: World, client: httpx.AsyncClient) -> str:
    created = await client.post(
        PARTNERS, json={"name": f"Prospect {uuid.uuid4().hex[:6]}", "kind": "business"}
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_a_coordinator_reads_but_does_not_change_a_district_wide_agreement(
    world: World, sign_in: SignIn
) -> None:
    coordinator = await sign_in(Role.coordinator, school_ids=[world.mine.id])
    url = f"{AGREEMENTS}/{world.district_wide.id}"
    assert (await coordinator.get(url)).status_code == 200
    assert_problem(await coordinator.patch(url, json={"document_url": "https://x.org"}), 403)
    assert_problem(await coordinator.post(f"{url}/terminate", json={"reason": "x"}), 403)
    assert_problem(
        await coordinator.post(
            f"{url}/interactions", json={"occurred_on": str(days(0)), "kind": "call"}
        ),
        403,
    )
    manager = await sign_in(Role.district_manager, district_ids=[world.mine.district_id])
    assert (await manager.patch(url, json={"document_url": "https://x.org"})).status_code == 200


async def test_a_coordinator_cannot_move_an_agreement_out_of_scope(
    world: World, sign_in: SignIn, session: AsyncSession
) -> None:
    coordinator = await sign_in(Role.coordinator, school_ids=[world.mine.id])
    url = f"{AGREEMENTS}/{world.our_agreement.id}"
    before = await counts(session)
    added = await coordinator.patch(
        url, json={"school_ids": [str(world.mine.id), str(world.neighbour.id)]}
    )
    assert_problem(added, 422)
    assert error_locs(added) == [["body", "school_ids", 1]]
    admin_made = await make_agreement(session, world.ours, [world.mine, world.neighbour])
    removed = await coordinator.patch(
        f"{AGREEMENTS}/{admin_made.id}", json={"school_ids": [str(world.mine.id)]}
    )
    assert_problem(removed, 422)
    assert "outside your scope" in removed.json()["errors"][0]["msg"]
    moved = await coordinator.patch(url, json={"school_ids": [str(world.far.id)]})
    assert_problem(moved, 422)
    assert await counts(session) == (before[0] + 1, before[1])


async def test_partner_records_change_by_who_works_with_them(world: World, sign_in: SignIn) -> None:
    coordinator = await sign_in(Role.coordinator, school_ids=[world.mine.id])
    # Theirs works here (district-wide), so a coordinator here may fix its details.
    assert (
        await coordinator.patch(f"{PARTNERS}/{world.theirs.id}", json={"phone": "555-0102"})
    ).status_code == 200
    far_coordinator = await sign_in(Role.coordinator, school_ids=[world.far.id])
    assert_problem(
        await far_coordinator.patch(f"{PARTNERS}/{world.ours.id}", json={"phone": "555-0104"}),
        403,
    )
    prospect = await make_partner_for(world, far_coordinator)
    assert (
        await far_coordinator.patch(f"{PARTNERS}/{prospect}", json={"phone": "555-0103"})
    ).status_code == 200


async def test_a_viewer_reads_and_is_refused_writes(world: World, sign_in: SignIn) -> None:
    viewer = await sign_in(Role.viewer, school_ids=[world.mine.id])
    assert await titles(viewer) == {"Ours at mine", "District-wide"}
    url = f"{AGREEMENTS}/{world.our_agreement.id}"
    assert_problem(await viewer.patch(url, json={"title": "x"}), 403)
    assert_problem(await viewer.post(f"{url}/propose"), 403)
    assert_problem(
        await viewer.post(AGREEMENTS, json=agreement_body(world.ours.id, [world.mine.id])), 403
    )
    assert_problem(await viewer.post(PARTNERS, json={"name": "x", "kind": "other"}), 403)
    assert (await viewer.get("/api/v1/metrics/partnerships")).status_code == 200


async def test_anonymous_is_401(anonymous_client: httpx.AsyncClient) -> None:
    for path in (AGREEMENTS, PARTNERS, "/api/v1/action-items", "/api/v1/metrics/partnerships"):
        assert_problem(await anonymous_client.get(path), 401)


async def test_a_district_manager_makes_district_wide_agreements(
    world: World, sign_in: SignIn
) -> None:
    manager = await sign_in(Role.district_manager, district_ids=[world.mine.district_id])
    created = await manager.post(
        AGREEMENTS, json=agreement_body(world.ours.id, district_id=str(world.mine.district_id))
    )
    assert created.status_code == 201, created.text
    other = await manager.post(
        AGREEMENTS, json=agreement_body(world.ours.id, district_id=str(world.far.district_id))
    )
    assert error_locs(other) == [["body", "district_id"]]
