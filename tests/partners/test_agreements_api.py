"""Agreements: create and read, and the rules a new one keeps; bad input writes nothing."""

import uuid

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.partners.models import Agreement
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.partners.factories import days, make_agreement, make_partner, make_partner_person
from tests.partners.helpers import (
    AGREEMENTS,
    agreement_body,
    assert_problem,
    counts,
    error_locs,
    events_for,
)


async def test_create_then_read_with_nested_objects(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    partner_contact = await make_partner_person(session, partner)
    coordinator = await make_person(session)
    await make_assignment(session, coordinator, school=school, role="partnerships_coordinator")
    plan = {
        "cadence": "biweekly",
        "channels": ["video", "email"],
        "partner_contact_id": str(partner_contact.id),
        "school_contact_id": str(coordinator.id),
        "escalation_contact_id": str(coordinator.id),
        "next_meeting_date": str(days(7)),
    }
    created = await client.post(
        AGREEMENTS,
        json=agreement_body(partner.id, [school.id], communication_plan=plan, reference_code="M-1"),
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["etag"].startswith('"1.')
    assert created.headers["location"].endswith(f"{AGREEMENTS}/{body['id']}")
    assert body["status"] == "draft"
    assert body["allowed_actions"] == ["propose", "withdraw"]
    assert body["school_ids"] == [str(school.id)]
    assert body["communication_plan"] == plan
    assert body["services"][0]["category"] == "tutoring"
    assert body["services"][0]["id"]
    assert body["resources"][0] | {"id": None} == {
        "id": None,
        "type": "funding",
        "amount": 1500.5,
        "unit": "USD",
        "note": None,
    }
    assert body["health"]["cadence_days"] == 14
    fetched = await client.get(created.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json() == body
    assert fetched.headers["etag"] == created.headers["etag"]
    (event,) = await events_for(session, uuid.UUID(body["id"]))
    assert (event.operation, event.partner_id, event.school_id) == (
        "create",
        partner.id,
        school.id,
    )
    assert event.district_id == school.district_id
    assert event.changes is not None
    assert event.changes["school_ids"] == [None, [str(school.id)]]


async def test_district_wide_agreement(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    partner = await make_partner(session)
    response = await client.post(
        AGREEMENTS, json=agreement_body(partner.id, district_id=str(district.id))
    )
    assert response.status_code == 201, response.text
    assert response.json()["district_id"] == str(district.id)
    assert response.json()["school_ids"] == []


async def test_unknown_agreement_is_404(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"{AGREEMENTS}/{uuid.uuid4()}"), 404)


async def test_get_answers_304_only_for_the_same_derived_status(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner, school = await make_partner(session), await make_school(session)
    ending = await make_agreement(session, partner, [school], status="active", end_date=days(0))
    first = await client.get(f"{AGREEMENTS}/{ending.id}")
    again = await client.get(
        f"{AGREEMENTS}/{ending.id}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    # The same version past its end date reads as expired: another body, another tag.
    await session.execute(
        update(Agreement).where(Agreement.id == ending.id).values(end_date=days(-1))
    )
    expired = await client.get(
        f"{AGREEMENTS}/{ending.id}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert expired.status_code == 200
    assert expired.json()["status"] == "expired"


@pytest.mark.parametrize(
    ("overrides", "loc"),
    [
        ({"start_date": str(days(10)), "end_date": str(days(9))}, ["body"]),
        ({"services": [{"category": "juggling"}]}, ["body", "services", 0, "category"]),
        ({"resources": [{"type": "funding", "amount": -1}]}, ["body", "resources", 0, "amount"]),
        ({"resources": [{"type": "funding", "amount": 5, "unit": "hours"}]}, None),
        ({"school_ids": []}, ["body"]),
        ({"communication_plan": {"cadence": "daily"}}, None),
        ({"title": ""}, ["body", "title"]),
        ({"surprise": True}, ["body", "surprise"]),
    ],
    ids=[
        "end-before-start",
        "unknown-service-category",
        "negative-amount",
        "wrong-unit",
        "no-schools-no-district",
        "unknown-cadence",
        "empty-title",
        "unknown-field",
    ],
)
async def test_invalid_bodies_are_422_and_write_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    overrides: dict[str, object],
    loc: list[object] | None,
) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    before = await counts(session)
    body = agreement_body(partner.id, [school.id]) | overrides
    response = await client.post(AGREEMENTS, json=body)
    assert_problem(response, 422)
    if loc is not None:
        assert loc in [found[: len(loc)] for found in error_locs(response)], response.json()
    assert await counts(session) == before


async def test_end_before_start_says_so(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    response = await client.post(
        AGREEMENTS,
        json=agreement_body(
            partner.id, [school.id], start_date=str(days(10)), end_date=str(days(9))
        ),
    )
    assert "end_date is before start_date" in assert_problem(response, 422)["detail"]


async def test_points_of_contact_must_work_on_their_side(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    other_school = await make_school(session)
    partner = await make_partner(session)
    other_partner = await make_partner(session)
    elsewhere = await make_partner_person(session, other_partner)
    teacher_elsewhere = await make_person(session)
    await make_assignment(session, teacher_elsewhere, school=other_school)
    left = await make_person(session)
    await make_assignment(session, left, school=school, end_date=days(-1))
    before = await counts(session)
    response = await client.post(
        AGREEMENTS,
        json=agreement_body(
            partner.id,
            [school.id],
            communication_plan={
                "partner_contact_id": str(elsewhere.id),
                "school_contact_id": str(teacher_elsewhere.id),
                "escalation_contact_id": str(left.id),
            },
        ),
    )
    assert_problem(response, 422)
    assert error_locs(response) == [
        ["body", "communication_plan", "school_contact_id"],
        ["body", "communication_plan", "partner_contact_id"],
        ["body", "communication_plan", "escalation_contact_id"],
    ]
    assert await counts(session) == before


async def test_unknown_partner_and_school_are_422(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    response = await client.post(
        AGREEMENTS, json=agreement_body(uuid.uuid4(), [school.id, uuid.uuid4()])
    )
    assert_problem(response, 422)
    assert error_locs(response) == [["body", "partner_id"], ["body", "school_ids", 1]]


async def test_school_outside_a_coordinators_scope_is_422_and_writes_nothing(
    session: AsyncSession, sign_in: SignIn
) -> None:
    mine = await make_school(session)
    theirs = await make_school(session, await make_district(session))
    partner = await make_partner(session)
    coordinator = await sign_in(Role.coordinator, school_ids=[mine.id])
    before = await counts(session)
    response = await coordinator.post(
        AGREEMENTS, json=agreement_body(partner.id, [mine.id, theirs.id])
    )
    assert_problem(response, 422)
    assert error_locs(response) == [["body", "school_ids", 1]]
    assert await counts(session) == before
    district_wide = await coordinator.post(
        AGREEMENTS, json=agreement_body(partner.id, district_id=str(mine.district_id))
    )
    assert error_locs(district_wide) == [["body", "district_id"]]
    allowed = await coordinator.post(AGREEMENTS, json=agreement_body(partner.id, [mine.id]))
    assert allowed.status_code == 201, allowed.text


async def test_duplicate_reference_code_is_409(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    await make_agreement(session, partner, [school], reference_code="MOU-7")
    response = await client.post(
        AGREEMENTS, json=agreement_body(partner.id, [school.id], reference_code="MOU-7")
    )
    assert_problem(response, 409)


async def test_an_agreement_is_with_one_district(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    here, there = await make_district(session), await make_district(session)
    school_here, school_there = await make_school(session, here), await make_school(session, there)
    before = await counts(session)
    mixed = await client.post(
        AGREEMENTS, json=agreement_body(partner.id, [school_here.id, school_there.id])
    )
    assert error_locs(mixed) == [["body", "school_ids"]]
    wrong = await client.post(
        AGREEMENTS, json=agreement_body(partner.id, [school_here.id], district_id=str(there.id))
    )
    assert error_locs(wrong) == [["body", "district_id"]]
    assert await counts(session) == before
    made = (await client.post(AGREEMENTS, json=agreement_body(partner.id, [school_here.id]))).json()
    assert (made["district_id"], made["district_wide"]) == (str(here.id), False)
    moved = await client.patch(
        f"{AGREEMENTS}/{made['id']}", json={"school_ids": [str(school_there.id)]}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["district_id"] == str(there.id)
    widened = await client.patch(f"{AGREEMENTS}/{made['id']}", json={"school_ids": []})
    assert (widened.json()["district_wide"], widened.json()["district_id"]) == (True, str(there.id))
