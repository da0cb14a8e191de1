"""Agreements: create, read, list and filter, edit drafts, delete; bad input writes nothing."""

import csv
import io
import uuid

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.partners.models import Agreement, AgreementService
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
    agreement_body,
    assert_problem,
    count,
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


async def test_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    north, south = await make_school(session, district), await make_school(session, district)
    elsewhere = await make_school(session)
    tutors = await make_partner(session, name="Tutors United")
    coaches = await make_partner(session, name="Coach Corps")
    agreements = {
        "draft": await make_agreement(session, tutors, [north], title="A draft"),
        "active": await make_agreement(
            session, tutors, [north, south], status="active", end_date=days(45), title="Soon"
        ),
        "ends-today": await make_agreement(
            session,
            coaches,
            [elsewhere],
            status="active",
            end_date=days(0),
            title="Today",
            services=[{"category": "mentoring"}],
        ),
        "expired": await make_agreement(
            session, coaches, [south], status="active", end_date=days(-1), title="Past"
        ),
        "wide": await make_agreement(
            session,
            coaches,
            district=district,
            status="active",
            end_date=days(400),
            title="Wide",
            services=[{"category": "health"}],
        ),
        "terminated": await make_agreement(
            session,
            tutors,
            [north],
            status="terminated",
            start_date=days(-100),
            end_date=days(100),
            terminated_on=days(-50),
            title="Ended early",
        ),
    }

    async def titles(query: str) -> set[str]:
        response = await client.get(f"{AGREEMENTS}?{query}&limit=500")
        assert response.status_code == 200, response.text
        return {item["title"] for item in response.json()["items"]}

    assert await titles("status=expired") == {"Past"}
    assert await titles("status=active") == {"Soon", "Today", "Wide"}
    assert await titles("status=draft&status=terminated") == {"A draft", "Ended early"}
    assert await titles(f"partner_id={coaches.id}") == {"Today", "Past", "Wide"}
    assert await titles(f"school_id={south.id}") == {"Soon", "Past"}
    assert await titles(f"district_id={district.id}") == {
        "A draft",
        "Soon",
        "Past",
        "Wide",
        "Ended early",
    }
    assert await titles("service_category=mentoring&service_category=health") == {"Today", "Wide"}
    assert await titles("expiring_within_days=0") == {"Today"}
    assert await titles("expiring_within_days=44") == {"Today"}
    assert await titles("expiring_within_days=45") == {"Today", "Soon"}
    assert await titles(f"active_on={days(-60)}") == {"Ended early"}
    assert await titles(f"active_on={days(-40)}") == set()
    assert await titles(f"active_on={days(-1)}") == {"Soon", "Today", "Past", "Wide"}
    assert await titles(f"active_on={days(0)}") == {"Soon", "Today", "Wide"}
    assert await titles(f"active_on={days(100)}") == {"Wide"}
    assert await titles("q=coach") == {"Today", "Past", "Wide"}
    assert await titles("q=SOON") == {"Soon"}
    assert agreements["draft"].id


async def test_sorting_and_cursor_pages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    for n in range(5):
        await make_agreement(session, partner, [school], title=f"T{n}", end_date=days(100 - n))
    seen: list[str] = []
    url: str | None = f"{AGREEMENTS}?partner_id={partner.id}&limit=2&include_total=true"
    while url:
        response = await client.get(url)
        assert response.headers["x-total-count"] == "5"
        seen += [item["title"] for item in response.json()["items"]]
        link = response.headers.get("link")
        url = link[1 : link.index(">")] if link else None
    assert seen == ["T4", "T3", "T2", "T1", "T0"]
    by_title = await client.get(f"{AGREEMENTS}?partner_id={partner.id}&sort=-title&limit=2")
    assert [i["title"] for i in by_title.json()["items"]] == ["T4", "T3"]
    assert_problem(await client.get(f"{AGREEMENTS}?sort=partner_id"), 400)
    assert_problem(await client.get(f"{AGREEMENTS}?expiring_within_days=-1"), 400)
    assert_problem(await client.get(f"{AGREEMENTS}?colour=blue"), 400)


async def test_csv_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    await make_agreement(
        session, partner, [school], title="Gone", status="active", end_date=days(-3)
    )
    response = await client.get(
        f"{AGREEMENTS}?partner_id={partner.id}", headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert (row["title"], row["status"]) == ("Gone", "expired")


async def test_patch_a_draft_keeps_service_ids_and_merges_the_plan(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    created = (await client.post(AGREEMENTS, json=agreement_body(partner.id, [school.id]))).json()
    service_id = created["services"][0]["id"]
    patch = {
        "title": "Reading buddies 2",
        "services": [
            {"id": service_id, "target_students": 40},
            {"category": "mentoring", "target_students": 5},
        ],
        "communication_plan": {"next_meeting_date": str(days(3))},
    }
    response = await client.patch(
        f"{AGREEMENTS}/{created['id']}", json=patch, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 2
    assert body["title"] == "Reading buddies 2"
    assert body["services"][0]["id"] == service_id
    assert body["services"][0] | {"id": None} == {
        "id": None,
        "category": "tutoring",
        "subject": "ela",
        "grade_levels": ["03"],
        "description": None,
        "target_students": 40,
        "frequency": None,
    }
    assert body["services"][1]["category"] == "mentoring"
    assert body["communication_plan"]["cadence"] == "monthly"
    assert body["communication_plan"]["next_meeting_date"] == str(days(3))
    assert await count(session, AgreementService) >= 2
    events = await events_for(session, uuid.UUID(created["id"]))
    assert [e.operation for e in events] == ["create", "update"]
    changes = events[1].changes or {}
    assert set(changes) >= {"title", "services", "next_meeting_date"}


async def test_patch_only_services_still_bumps_the_version(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    created = (
        await client.post(
            AGREEMENTS, json=agreement_body((await make_partner(session)).id, [school.id])
        )
    ).json()
    response = await client.patch(f"{AGREEMENTS}/{created['id']}", json={"resources": []})
    assert response.json()["version"] == 2
    assert response.json()["resources"] == []
    unchanged = await client.patch(f"{AGREEMENTS}/{created['id']}", json={"resources": []})
    assert unchanged.json()["version"] == 2


async def test_patch_refuses_unknown_item_ids_and_clearing_required(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    created = (
        await client.post(
            AGREEMENTS, json=agreement_body((await make_partner(session)).id, [school.id])
        )
    ).json()
    url = f"{AGREEMENTS}/{created['id']}"
    unknown = await client.patch(
        url, json={"services": [{"id": str(uuid.uuid4()), "category": "other"}]}
    )
    assert error_locs(unknown) == [["body", "services", 0, "id"]]
    assert_problem(await client.patch(url, json={"title": None}), 422)
    inverted = await client.patch(url, json={"end_date": str(days(-20))})
    assert_problem(inverted, 422)
    assert (await client.get(url)).json()["version"] == 1


async def test_terms_are_frozen_once_proposed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    contact = await make_partner_person(session, partner)
    agreement = await make_agreement(session, partner, [school], status="proposed")
    url = f"{AGREEMENTS}/{agreement.id}"
    refused = assert_problem(await client.patch(url, json={"end_date": str(days(500))}), 409)
    assert refused["editable_fields"] == ["communication_plan", "document_url", "reference_code"]
    allowed = await client.patch(
        url, json={"communication_plan": {"partner_contact_id": str(contact.id)}}
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["communication_plan"]["partner_contact_id"] == str(contact.id)
    ended = await make_agreement(session, partner, [school], status="active", end_date=days(-1))
    assert_problem(
        await client.patch(f"{AGREEMENTS}/{ended.id}", json={"document_url": "https://x.org"}), 409
    )


async def test_stale_if_match_is_412(client: httpx.AsyncClient, session: AsyncSession) -> None:
    agreement = await make_agreement(
        session, await make_partner(session), [await make_school(session)]
    )
    url = f"{AGREEMENTS}/{agreement.id}"
    assert (
        await client.patch(url, json={"title": "One"}, headers={"If-Match": '"1"'})
    ).status_code == 200
    stale = await client.patch(url, json={"title": "Two"}, headers={"If-Match": '"1"'})
    assert_problem(stale, 412)
    assert_problem(await client.delete(url, headers={"If-Match": '"1"'}), 412)
    assert (await client.get(url)).json()["title"] == "One"


async def test_delete_drafts_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    draft = await make_agreement(session, partner, [school])
    active = await make_agreement(session, partner, [school], status="active")
    logged = await make_agreement(session, partner, [school])
    await make_interaction(session, logged)
    refused = assert_problem(await client.delete(f"{AGREEMENTS}/{active.id}"), 409)
    assert refused["allowed_actions"] == ["terminate", "renew"]
    assert_problem(await client.delete(f"{AGREEMENTS}/{logged.id}"), 409)
    assert (await client.delete(f"{AGREEMENTS}/{draft.id}")).status_code == 204
    assert_problem(await client.get(f"{AGREEMENTS}/{draft.id}"), 404)
    tombstone = (await events_for(session, draft.id))[-1]
    assert (tombstone.operation, tombstone.partner_id, tombstone.school_id) == (
        "delete",
        partner.id,
        school.id,
    )
    assert_problem(await client.delete(f"{AGREEMENTS}/{uuid.uuid4()}"), 404)


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


async def test_edited_items_change_the_rollups(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    created = (await client.post(AGREEMENTS, json=agreement_body(partner.id, [school.id]))).json()
    url = f"{AGREEMENTS}/{created['id']}"
    await client.patch(
        url,
        json={
            "services": [{"category": "tutoring", "target_students": 12}],
            "resources": [{"type": "in_kind", "amount": 250}, {"type": "funding", "amount": 99.5}],
        },
    )
    await client.post(f"{url}/propose")
    await client.post(f"{url}/activate")
    totals = (await client.get(f"/api/v1/metrics/partnerships?partner_id={partner.id}")).json()[
        "totals"
    ]
    assert (totals["students_served_target"], totals["funding_usd"], totals["in_kind_usd"]) == (
        12,
        99.5,
        250.0,
    )


async def test_a_departed_contact_does_not_block_editing_the_plan(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session)
    contact = await make_person(session)
    await make_partner_person(session, partner, person=contact, end_date=days(-1))
    agreement = await make_agreement(
        session,
        partner,
        [await make_school(session)],
        status="active",
        partner_contact_id=contact.id,
    )
    url = f"{AGREEMENTS}/{agreement.id}"
    plan = await client.patch(url, json={"communication_plan": {"next_meeting_date": str(days(9))}})
    assert plan.status_code == 200, plan.text
    again = await client.patch(
        url, json={"communication_plan": {"escalation_contact_id": str(contact.id)}}
    )
    assert error_locs(again) == [["body", "communication_plan", "escalation_contact_id"]]
