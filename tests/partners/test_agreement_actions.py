"""Lifecycle actions over HTTP: every action from every status, expiry, renewal lineage."""

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.partners.lifecycle import RULES, Action
from api.partners.models import Agreement
from api.partners.vocabulary import AgreementStatus
from tests.directory.factories import make_assignment, make_person, make_school
from tests.partners.factories import days, make_agreement, make_partner, make_partner_person
from tests.partners.helpers import AGREEMENTS, assert_problem, events_for

BODIES: dict[Action, dict[str, Any] | None] = {
    Action.propose: None,
    Action.activate: {},
    Action.terminate: {"reason": "The programme lost its funding."},
    Action.withdraw: {"reason": "Not this year."},
    Action.renew: {},
}
# How to store an agreement so that it reads as each status.
STORED: dict[AgreementStatus, dict[str, Any]] = {
    AgreementStatus.draft: {"status": "draft"},
    AgreementStatus.proposed: {"status": "proposed"},
    AgreementStatus.active: {"status": "active"},
    AgreementStatus.expired: {"status": "active", "end_date": days(-1)},
    AgreementStatus.terminated: {"status": "terminated", "terminated_on": days(-2)},
    AgreementStatus.withdrawn: {"status": "withdrawn"},
}
CASES = [(status, action) for status in AgreementStatus for action in Action]


async def _new_agreement(session: AsyncSession, **fields: Any) -> Agreement:
    """An agreement of a new partner at a new school."""
    return await make_agreement(
        session, await make_partner(session), [await make_school(session)], **fields
    )


async def _agreement(session: AsyncSession, status: AgreementStatus) -> Agreement:
    return await _new_agreement(session, **STORED[status])


@pytest.mark.parametrize(("status", "action"), CASES, ids=[f"{s}-{a}" for s, a in CASES])
async def test_every_action_from_every_status(
    client: httpx.AsyncClient, session: AsyncSession, status: AgreementStatus, action: Action
) -> None:
    agreement = await _agreement(session, status)
    rule = RULES[action]
    response = await client.post(f"{AGREEMENTS}/{agreement.id}/{action}", json=BODIES[action])
    events = await events_for(session, agreement.id)
    if status not in rule.sources:
        problem = assert_problem(response, 409)
        assert problem["current_status"] == status
        assert action not in problem["allowed_actions"]
        assert f"Cannot {action} an agreement that is {status}" in problem["detail"]
        assert events == []
        return
    if action is Action.renew:
        assert response.status_code == 201, response.text
        assert response.json()["renews_id"] == str(agreement.id)
        assert events == []
        return
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == rule.target
    assert body["version"] == 2
    (event,) = events
    assert event.operation == "update"
    assert event.changes is not None
    assert event.changes["status"] == [STORED[status]["status"], str(rule.target)]


async def test_activate_records_the_signature(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _agreement(session, AgreementStatus.proposed)
    url = f"{AGREEMENTS}/{agreement.id}/activate"
    future = await client.post(url, json={"signed_date": str(days(1))})
    assert_problem(future, 422)
    body = (await client.post(url, json={"signed_date": str(days(-3))})).json()
    assert (body["status"], body["signed_date"]) == ("active", str(days(-3)))
    assert body["allowed_actions"] == ["terminate", "renew"]


async def test_activate_without_a_body_signs_today(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _agreement(session, AgreementStatus.proposed)
    body = (await client.post(f"{AGREEMENTS}/{agreement.id}/activate")).json()
    assert body["signed_date"] == str(days(0))


async def test_a_proposal_past_its_end_cannot_be_activated(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _new_agreement(session, status="proposed", end_date=days(-1))
    problem = assert_problem(await client.post(f"{AGREEMENTS}/{agreement.id}/activate"), 409)
    assert "expired at once" in problem["detail"]


async def test_terminate_needs_a_reason_and_keeps_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _agreement(session, AgreementStatus.active)
    url = f"{AGREEMENTS}/{agreement.id}/terminate"
    assert_problem(await client.post(url, json={}), 422)
    assert_problem(await client.post(url), 422)
    body = (await client.post(url, json={"reason": "Partner closed."})).json()
    assert (body["status"], body["status_reason"], body["terminated_on"]) == (
        "terminated",
        "Partner closed.",
        str(days(0)),
    )
    assert body["allowed_actions"] == []


async def test_actions_honour_if_match_and_404(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _agreement(session, AgreementStatus.draft)
    stale = await client.post(f"{AGREEMENTS}/{agreement.id}/propose", headers={"If-Match": '"7"'})
    assert_problem(stale, 412)
    assert_problem(await client.post(f"{AGREEMENTS}/{uuid.uuid4()}/propose"), 404)
    ok = await client.post(f"{AGREEMENTS}/{agreement.id}/propose", headers={"If-Match": '"1"'})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("end_offset", "status", "allowed"),
    [
        (1, "active", ["terminate", "renew"]),
        (0, "active", ["terminate", "renew"]),
        (-1, "expired", ["renew"]),
    ],
    ids=["ends-tomorrow", "ends-today", "ended-yesterday"],
)
async def test_expiry_at_the_date_boundary(
    client: httpx.AsyncClient,
    session: AsyncSession,
    end_offset: int,
    status: str,
    allowed: list[str],
) -> None:
    agreement = await _new_agreement(session, status="active", end_date=days(end_offset))
    body = (await client.get(f"{AGREEMENTS}/{agreement.id}")).json()
    assert (body["status"], body["allowed_actions"]) == (status, allowed)
    listed = await client.get(f"{AGREEMENTS}?status={status}&partner_id={agreement.partner_id}")
    assert [item["id"] for item in listed.json()["items"]] == [str(agreement.id)]
    # Nobody acted: the stored row is untouched and no event was written.
    assert body["version"] == 1
    assert await events_for(session, agreement.id) == []


async def test_renewal_copies_services_and_plan_and_links_both_ways(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    partner = await make_partner(session)
    stays = await make_partner_person(session, partner)
    left = await make_person(session)
    await make_assignment(session, left, school=school, end_date=days(-5))
    agreement = await make_agreement(
        session,
        partner,
        [school],
        status="active",
        start_date=days(-300),
        end_date=days(-1),
        title="Year one",
        reference_code="Y1",
        cadence="monthly",
        channels=["video"],
        partner_contact_id=stays.id,
        school_contact_id=left.id,
        services=[
            {"category": "tutoring", "target_students": 25, "subject": "math"},
            {"category": "mentoring", "target_students": 5},
        ],
        resources=[{"type": "funding", "amount": 1000}],
    )
    response = await client.post(
        f"{AGREEMENTS}/{agreement.id}/renew", json={"title": "Year two", "reference_code": "Y2"}
    )
    assert response.status_code == 201, response.text
    renewal = response.json()
    assert response.headers["location"].endswith(f"{AGREEMENTS}/{renewal['id']}")
    assert renewal["status"] == "draft"
    assert renewal["renews_id"] == str(agreement.id)
    assert (renewal["title"], renewal["reference_code"]) == ("Year two", "Y2")
    assert (renewal["start_date"], renewal["end_date"]) == (str(days(0)), str(days(299)))
    assert renewal["school_ids"] == [str(school.id)]
    assert [(s["category"], s["subject"], s["target_students"]) for s in renewal["services"]] == [
        ("tutoring", "math", 25),
        ("mentoring", None, 5),
    ]
    assert renewal["resources"] == []
    plan = renewal["communication_plan"]
    assert (plan["cadence"], plan["channels"], plan["partner_contact_id"]) == (
        "monthly",
        ["video"],
        str(stays.id),
    )
    assert plan["school_contact_id"] is None  # they left the school since
    original = (await client.get(f"{AGREEMENTS}/{agreement.id}")).json()
    assert original["renewed_by_id"] == renewal["id"]
    assert original["status"] == "expired"
    again = assert_problem(await client.post(f"{AGREEMENTS}/{agreement.id}/renew"), 409)
    assert again["renewed_by_id"] == renewal["id"]
    withdrawn = await client.post(f"{AGREEMENTS}/{renewal['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    second = await client.post(f"{AGREEMENTS}/{agreement.id}/renew")
    assert second.status_code == 201, second.text
    assert (await client.get(f"{AGREEMENTS}/{agreement.id}")).json()[
        "renewed_by_id"
    ] == second.json()["id"]
    (created,) = [
        e for e in await events_for(session, uuid.UUID(renewal["id"])) if e.operation == "create"
    ]
    assert created.changes is not None
    assert created.changes["renews_id"] == [None, str(agreement.id)]


async def test_renewal_dates_can_be_chosen_but_must_be_in_order(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _agreement(session, AgreementStatus.active)
    url = f"{AGREEMENTS}/{agreement.id}/renew"
    bad = await client.post(url, json={"start_date": str(days(400)), "end_date": str(days(399))})
    assert_problem(bad, 422)
    good = await client.post(url, json={"start_date": str(days(400)), "end_date": str(days(700))})
    assert (good.json()["start_date"], good.json()["end_date"]) == (str(days(400)), str(days(700)))


async def test_renewing_at_the_end_of_the_calendar_says_why_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement = await _new_agreement(
        session, status="active", start_date=dt.date(9990, 1, 1), end_date=dt.date.max
    )
    url = f"{AGREEMENTS}/{agreement.id}/renew"
    problem = assert_problem(await client.post(url, json={}), 409)
    assert "9999-12-31" in problem["detail"]
    assert "start_date and end_date" in problem["detail"]
    # A start on the last day leaves no room for a term as long as this one.
    chosen = await client.post(url, json={"start_date": str(dt.date.max)})
    assert [e["loc"] for e in assert_problem(chosen, 422)["errors"]] == [["body", "end_date"]]
    assert await events_for(session, agreement.id) == []
    both = await client.post(url, json={"start_date": "9999-01-01", "end_date": "9999-12-31"})
    assert both.status_code == 201, both.text
