"""GET /mentoring/caseloads against a coaching programme worked out by hand."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import District, School
from api.mentoring.models import Participant, Program
from api.mentoring.schemas.caseloads import CaseloadReport
from tests.auth.helpers import bearer_for, make_user
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_person, make_school
from tests.mentoring.matching_factories import (
    make_match,
    make_participant,
    make_program,
    make_tier,
)
from tests.partners.helpers import assert_problem

CASELOADS = "/api/v1/mentoring/caseloads"
LEFT = dt.date(2025, 10, 1)


@dataclass
class Coaching:
    district: District
    intensive: School
    targeted: School
    plain: School
    program: Program
    other_program: Program
    busy: Participant  # over capacity
    roomy: Participant  # above the target, within capacity
    gone: Participant  # left with an open match
    elsewhere: Participant  # in the other programme


async def coaching(session: AsyncSession) -> Coaching:
    district = await make_district(session)
    intensive, targeted, plain = [await make_school(session, district) for _ in range(3)]
    program = await make_program(session, district, kind="coaching", target_caseload=5)
    await make_tier(session, program, intensive, "intensive")  # weight 2 by default
    await make_tier(session, program, targeted, "targeted", caseload_weight=1.25)
    person = await make_person(session, given_name="Grace", family_name="Hopper")
    busy = await make_participant(session, program, "mentor", plain, person_id=person.id)
    roomy = await make_participant(session, program, "mentor", plain, capacity=8)
    gone = await make_participant(session, program, "mentor", left_on=LEFT)
    await make_participant(session, program, "mentor", left_on=LEFT)  # no matches: not listed

    async def coachee(school: School | None, coach: Participant, status: str = "active") -> None:
        mentee = await make_participant(session, program, "mentee", school)
        await make_match(session, coach, mentee, status=status)

    # busy: 2 + 2 + 1.25 + 1 (untiered school) + 1 (no school) = 7.25 > 5.
    await coachee(intensive, busy)
    await coachee(intensive, busy, "proposed")
    await coachee(targeted, busy)
    await coachee(plain, busy)
    await coachee(None, busy)
    await coachee(targeted, busy, "completed")  # closed: counts for nothing
    # roomy: 3 x 2 = 6, above the target of 5, within a capacity of 8.
    for _ in range(3):
        await coachee(intensive, roomy)
    await coachee(plain, gone)
    # The intensive school has no tier in the other programme: its coachee counts 1.
    other_program = await make_program(session, district, name="Other", target_caseload=3)
    elsewhere = await make_participant(session, other_program, "mentor")
    mentee = await make_participant(session, other_program, "mentee", intensive)
    await make_match(session, elsewhere, mentee)
    return Coaching(
        district,
        intensive,
        targeted,
        plain,
        program,
        other_program,
        busy,
        roomy,
        gone,
        elsewhere,
    )


async def report(client: httpx.AsyncClient, query: str = "") -> dict[str, Any]:
    response = await client.get(f"{CASELOADS}{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    CaseloadReport.model_validate(body)
    return body


def row_of(body: dict[str, Any], mentor: Participant) -> dict[str, Any]:
    (row,) = [item for item in body["items"] if item["mentor"]["id"] == str(mentor.id)]
    return row


async def test_caseloads_weighted_by_tier_against_capacity_and_target(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    c = await coaching(session)
    body = await report(client, f"?program_id={c.program.id}")
    assert [item["mentor"]["id"] for item in body["items"]] == [
        str(c.busy.id),
        str(c.roomy.id),
        str(c.gone.id),
    ]
    assert body["mentors_total"] == 3
    assert body["over_capacity_total"] == 1
    assert body["open_matches_total"] == 5 + 3 + 1
    assert body["as_of"] == dt.date.today().isoformat()

    busy = row_of(body, c.busy)
    assert busy["mentor"]["name"] == "Grace Hopper"
    assert busy["program_name"] == c.program.name
    assert busy["program_kind"] == "coaching"
    assert (busy["open_matches"], busy["active_matches"], busy["proposed_matches"]) == (5, 4, 1)
    assert busy["weighted_caseload"] == 7.25
    assert (busy["target"], busy["capacity"], busy["over_capacity"]) == (5, 5, True)
    assert busy["alerts"] == [
        {
            "code": "over_capacity",
            "text": "Weighted caseload 7.25 (5 open matches) is above capacity 5.",
        }
    ]
    assert busy["tiers"] == {"intensive": 2, "targeted": 1, "universal": 0, "untiered": 2}
    assert sorted((s["school_id"], s["tier"], s["mentees"]) for s in busy["sites"]) == sorted(
        [
            (str(c.intensive.id), "intensive", 2),
            (str(c.targeted.id), "targeted", 1),
            (str(c.plain.id), None, 1),
        ]
    )

    roomy = row_of(body, c.roomy)
    assert (roomy["weighted_caseload"], roomy["capacity"], roomy["over_capacity"]) == (6, 8, False)
    assert roomy["alerts"] == [
        {
            "code": "above_target",
            "text": "Weighted caseload 6 is above the programme's target of 5.",
        }
    ]

    gone = row_of(body, c.gone)
    assert gone["alerts"] == [
        {
            "code": "left_with_open_matches",
            "text": "Left the programme on 2025-10-01 with 1 open match.",
        }
    ]
    assert gone["sites"] == [
        {"school_id": str(c.plain.id), "name": c.plain.name, "tier": None, "mentees": 1}
    ]


async def test_across_programmes_and_filters(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    c = await coaching(session)
    everything = await report(client, f"?district_id={c.district.id}")
    assert everything["mentors_total"] == 4
    elsewhere = row_of(everything, c.elsewhere)
    assert elsewhere["weighted_caseload"] == 1
    assert elsewhere["tiers"]["untiered"] == 1
    assert (elsewhere["target"], elsewhere["capacity"]) == (3, 3)

    both = await report(client, f"?program_id={c.program.id}&program_id={c.other_program.id}")
    assert both["mentors_total"] == 4
    over = await report(client, f"?district_id={c.district.id}&over_capacity=true")
    assert [i["mentor"]["id"] for i in over["items"]] == [str(c.busy.id)]
    within = await report(client, f"?district_id={c.district.id}&over_capacity=false")
    assert within["mentors_total"] == 3
    assert within["over_capacity_total"] == 0
    first = await report(client, f"?district_id={c.district.id}&limit=1")
    assert [i["mentor"]["id"] for i in first["items"]] == [str(c.busy.id)]
    assert first["mentors_total"] == 4
    other_district = await make_district(session)
    assert (await report(client, f"?district_id={other_district.id}"))["items"] == []


async def test_each_caller_sees_the_caseloads_in_their_scope(
    session: AsyncSession, sign_in: SignIn, app: Any
) -> None:
    c = await coaching(session)
    query = f"?program_id={c.program.id}"
    coordinator = await sign_in(Role.coordinator, school_ids=[c.plain.id])
    assert (await report(coordinator, query))["mentors_total"] == 3
    viewer = await sign_in(Role.viewer, district_ids=[c.district.id])
    assert (await report(viewer, query))["mentors_total"] == 3
    outsider = await sign_in(
        Role.district_manager, district_ids=[(await make_district(session)).id]
    )
    assert (await report(outsider, query))["items"] == []
    partner = await sign_in(Role.partner)
    assert (await report(partner))["items"] == []

    # A coach signed in as a person sees their own caseload only.
    user = await make_user(session, Role.partner)
    user.person_id = c.busy.person_id
    await session.flush()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as coach:
        coach.headers.update(await bearer_for(session, user))
        own = await report(coach)
    assert [i["mentor"]["id"] for i in own["items"]] == [str(c.busy.id)]


@pytest.mark.parametrize(
    "query", ["program_id=seven", "district_id=1", "limit=0", "limit=1001", "over_capacity=maybe"]
)
async def test_a_bad_query_is_a_400_naming_it(client: httpx.AsyncClient, query: str) -> None:
    response = await client.get(f"{CASELOADS}?{query}")
    assert_problem(response, 400)
    assert query.split("=")[0] in response.text
