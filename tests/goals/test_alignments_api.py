"""Alignments: which agreements support which goals, and the rule that an agreement aligns
only to goals of schools it serves."""

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event, EventPlace
from api.directory.models import District, School
from api.goals.models import Alignment
from api.partners.models import Agreement, AgreementService, Partner
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.goals.factories import make_alignment, make_goal
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import assert_problem, count, error_locs, events_for

ALIGNMENTS = "/api/v1/alignments"


class Setting:
    """A district with two schools; a partner with an agreement naming the first school
    and one district-wide; a goal at each school and one of the district."""

    district: District
    school: School
    other_school: School
    partner: Partner
    named: Agreement
    district_wide: Agreement


async def setting(session: AsyncSession) -> Setting:
    made = Setting()
    made.district = await make_district(session)
    made.school = await make_school(session, made.district)
    made.other_school = await make_school(session, made.district)
    made.partner = await make_partner(session)
    made.named = await make_agreement(session, made.partner, [made.school], status="active")
    made.district_wide = await make_agreement(
        session, made.partner, district=made.district, status="active"
    )
    return made


def body(goal_id: uuid.UUID, agreement_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    return {
        "goal_id": str(goal_id),
        "agreement_id": str(agreement_id),
        "contribution": "Two tutors per grade-3 class.",
        "strength": "primary",
    } | overrides


async def written(session: AsyncSession) -> tuple[int, int]:
    return await count(session, Alignment), await count(session, Event)


async def service_of(session: AsyncSession, agreement: Agreement) -> uuid.UUID:
    found = await session.scalar(
        select(AgreementService.id).where(AgreementService.agreement_id == agreement.id)
    )
    assert found is not None
    return found


async def test_create_read_update_delete(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await setting(session)
    goal = await make_goal(session, s.district, s.school)
    service_id = await service_of(session, s.named)
    created = await client.post(
        ALIGNMENTS, json=body(goal.id, s.named.id, service_id=str(service_id))
    )
    assert created.status_code == 201, created.text
    made = created.json()
    assert (made["goal_id"], made["agreement_id"], made["service_id"], made["strength"]) == (
        str(goal.id),
        str(s.named.id),
        str(service_id),
        "primary",
    )
    url = created.headers["location"]
    assert url.endswith(f"{ALIGNMENTS}/{made['id']}")
    fetched = await client.get(url)
    assert fetched.json() == made
    assert (await client.get(url, headers={"If-None-Match": '"1"'})).status_code == 304
    (event,) = await events_for(session, uuid.UUID(made["id"]))
    assert (event.operation, event.district_id, event.school_id, event.partner_id) == (
        "create",
        s.district.id,
        s.school.id,
        s.partner.id,
    )
    patched = await client.patch(
        url,
        json={"strength": "supporting", "service_id": None, "contribution": None},
        headers={"If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert (
        patched.json()["strength"],
        patched.json()["service_id"],
        patched.json()["version"],
    ) == (
        "supporting",
        None,
        2,
    )
    assert_problem(await client.patch(url, json={}, headers={"If-Match": '"1"'}), 412)
    assert_problem(await client.patch(url, json={"strength": None}), 422)
    assert_problem(await client.patch(url, json={"goal_id": str(goal.id)}), 422)
    assert_problem(await client.delete(url, headers={"If-Match": '"1"'}), 412)
    assert (await client.delete(url, headers={"If-Match": '"2"'})).status_code == 204
    assert_problem(await client.get(url), 404)
    assert [e.operation for e in await events_for(session, uuid.UUID(made["id"]))] == [
        "create",
        "update",
        "delete",
    ]


async def test_an_agreement_aligns_only_to_goals_of_schools_it_serves(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await setting(session)
    at_school = await make_goal(session, s.district, s.school)
    at_other = await make_goal(session, s.district, s.other_school)
    of_district = await make_goal(session, s.district)
    elsewhere = await make_district(session)
    far_goal = await make_goal(session, elsewhere, await make_school(session, elsewhere))
    before = await written(session)
    refused = await client.post(ALIGNMENTS, json=body(at_other.id, s.named.id))
    assert "does not serve the goal's school" in assert_problem(refused, 409)["detail"]
    refused = await client.post(ALIGNMENTS, json=body(far_goal.id, s.district_wide.id))
    assert "does not serve the goal's school" in assert_problem(refused, 409)["detail"]
    assert await written(session) == before
    # A district-wide agreement serves every school of its district; any agreement of the
    # district serves its district goals.
    for goal, agreement in (
        (at_school, s.named),
        (at_other, s.district_wide),
        (of_district, s.named),
        (of_district, s.district_wide),
    ):
        response = await client.post(ALIGNMENTS, json=body(goal.id, agreement.id))
        assert response.status_code == 201, response.text
    again = await client.post(ALIGNMENTS, json=body(at_school.id, s.named.id))
    assert "already aligned" in assert_problem(again, 409)["detail"]
    (district_event,) = [
        e
        for e in await session.scalars(select(Event).where(Event.resource == "alignments"))
        if e.school_id is None and e.changes and e.changes["agreement_id"][1] == str(s.named.id)
    ]
    places = await session.scalars(select(EventPlace).where(EventPlace.seq == district_event.seq))
    assert [(p.district_id, p.school_id) for p in places] == [(s.district.id, None)]


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"goal_id": "unknown"}, ["body", "goal_id"]),
        ({"agreement_id": "unknown"}, ["body", "agreement_id"]),
        ({"service_id": "unknown"}, ["body", "service_id"]),
        ({"service_id": "other"}, ["body", "service_id"]),
        ({"strength": "strong"}, ["body", "strength"]),
        ({"contribution": "x" * 5001}, ["body", "contribution"]),
        ({"extra": 1}, ["body", "extra"]),
    ],
)
async def test_invalid_alignment_is_422_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, Any], loc: list[Any]
) -> None:
    s = await setting(session)
    goal = await make_goal(session, s.district, s.school)
    stand_ins = {
        "unknown": str(uuid.uuid4()),
        # A service of another agreement, though one serving the same school.
        "other": str(await service_of(session, s.district_wide)),
    }
    sent = body(goal.id, s.named.id) | {
        k: stand_ins.get(v, v) if isinstance(v, str) else v for k, v in change.items()
    }
    before = await written(session)
    response = await client.post(ALIGNMENTS, json=sent)
    assert_problem(response, 422)
    assert error_locs(response) == [loc]
    assert await written(session) == before


async def test_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await setting(session)
    first = await make_goal(session, s.district, s.school)
    second = await make_goal(session, s.district, s.other_school)
    a = await make_alignment(session, first, s.named)
    b = await make_alignment(session, first, s.district_wide)
    c = await make_alignment(session, second, s.district_wide)

    async def ids(query: str) -> list[str]:
        response = await client.get(f"{ALIGNMENTS}?{query}")
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids(f"goal_id={first.id}") == [str(a.id), str(b.id)]
    assert await ids(f"agreement_id={s.district_wide.id}") == [str(b.id), str(c.id)]
    assert await ids(f"school_id={s.other_school.id}") == [str(c.id)]
    assert await ids(f"goal_id={first.id}&sort=-created_at&limit=1") == [str(b.id)]
    assert_problem(await client.get(f"{ALIGNMENTS}?sort=strength"), 400)


async def test_who_may_align(sign_in: SignIn, session: AsyncSession) -> None:
    s = await setting(session)
    goal = await make_goal(session, s.district, s.school)
    district_goal = await make_goal(session, s.district)
    other_partner = await make_partner(session)
    theirs = await make_agreement(session, other_partner, [s.school], status="active")
    mine = await make_alignment(session, goal, s.named)
    await make_alignment(session, goal, theirs)
    coordinator = await sign_in(Role.coordinator, school_ids=[s.school.id])
    made = await coordinator.post(ALIGNMENTS, json=body(goal.id, s.district_wide.id))
    assert made.status_code == 201, made.text
    # The district's goal is its managers' to align.
    assert_problem(await coordinator.post(ALIGNMENTS, json=body(district_goal.id, s.named.id)), 403)
    as_partner = await sign_in(Role.partner, partner_id=s.partner.id)
    # A partner sees its own alignments, not another partner's agreement on the same goal.
    listed = (await as_partner.get(f"{ALIGNMENTS}?goal_id={goal.id}")).json()["items"]
    assert {item["agreement_id"] for item in listed} == {str(s.named.id), str(s.district_wide.id)}
    assert_problem(await as_partner.post(ALIGNMENTS, json=body(goal.id, s.named.id)), 403)
    assert_problem(await as_partner.delete(f"{ALIGNMENTS}/{mine.id}"), 403)
    viewer = await sign_in(Role.viewer, district_ids=[s.district.id])
    assert len((await viewer.get(ALIGNMENTS)).json()["items"]) == 3
    assert_problem(await viewer.patch(f"{ALIGNMENTS}/{mine.id}", json={}), 403)
