"""Agreements: merge-patch drafts, frozen terms, If-Match, delete; the rollups follow the edits."""

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.partners.models import AgreementService
from tests.directory.factories import make_person, make_school
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
    created,
    error_locs,
    events_for,
)


async def _draft(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, Any]:
    """A draft agreement posted for a new partner at a new school."""
    school = await make_school(session)
    partner = await make_partner(session)
    return await created(client, AGREEMENTS, agreement_body(partner.id, [school.id]))


async def test_patch_a_draft_keeps_service_ids_and_merges_the_plan(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    created = await _draft(client, session)
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
    created = await _draft(client, session)
    response = await client.patch(f"{AGREEMENTS}/{created['id']}", json={"resources": []})
    assert response.json()["version"] == 2
    assert response.json()["resources"] == []
    unchanged = await client.patch(f"{AGREEMENTS}/{created['id']}", json={"resources": []})
    assert unchanged.json()["version"] == 2


async def test_patch_refuses_unknown_item_ids_and_clearing_required(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    created = await _draft(client, session)
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
