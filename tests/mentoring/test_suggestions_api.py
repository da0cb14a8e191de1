"""GET /mentoring/programs/{id}/match-suggestions against records written with the ORM."""

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.mentoring.models import Match, Participant, Program
from api.mentoring.schemas.suggestions import MatchSuggestions
from tests.auth.helpers import bearer_for, make_user
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_person, make_school
from tests.mentoring.matching_factories import make_match, make_participant, make_program
from tests.partners.helpers import assert_problem

PROGRAMS = "/api/v1/mentoring/programs"


def url(program: Program, **query: Any) -> str:
    return f"{PROGRAMS}/{program.id}/match-suggestions" + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


async def suggestions(client: httpx.AsyncClient, program: Program, **query: Any) -> dict[str, Any]:
    response = await client.get(url(program, **query))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    MatchSuggestions.model_validate(body)  # the answer is what the contract says
    return body


def pairs_of(body: dict[str, Any]) -> set[tuple[str, str]]:
    return {(p["mentor"]["id"], p["mentee"]["id"]) for p in body["pairs"]}


def profile(subject: str, level: str, locale: str, years: int) -> dict[str, Any]:
    """What matching weighs of a participant: a subject, a school level, a locale, years."""
    return {
        "subjects": [subject],
        "school_level": level,
        "locale_type": locale,
        "years_experience": years,
    }


async def test_a_hand_worked_programme(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    north, south = await make_school(session, district), await make_school(session, district)
    program = await make_program(session, district, target_caseload=2)
    ada, ben, principal = (
        await make_person(session, given_name="Ada", family_name="Lovelace"),
        await make_person(session),
        await make_person(session),
    )
    cy, dee, eve = [await make_person(session) for _ in range(3)]
    # Ada: math, middle, rural, 20 years, capacity 1. Ben: ela, high, city, 4 years,
    # the programme's target caseload (2) less his one active match.
    mentor_ada = await make_participant(
        session,
        program,
        "mentor",
        north,
        person_id=ada.id,
        **profile("math", "middle", "rural", 20),
        capacity=1,
    )
    mentor_ben = await make_participant(
        session, program, "mentor", south, person_id=ben.id, **profile("ela", "high", "city", 4)
    )
    await make_participant(
        session, program, "mentor", person_id=principal.id, left_on=dt.date(2025, 9, 1)
    )
    # Cy fits Ada best (math, middle, rural, less experience: 3 + 3 + 2 + 2 = 10), but
    # Ada is Cy's supervisor, and Ben fits Cy least (experience: 2). Dee fits Ada (math,
    # middle, experience: 8) or Ben (city: 2); Eve fits Ben (high: 3). Two places:
    # Ada-Dee and Ben-Eve (11) beat any pairing that places Cy.
    mentee_cy = await make_participant(
        session,
        program,
        "mentee",
        south,
        person_id=cy.id,
        supervisor_id=ada.id,
        **profile("math", "middle", "rural", 2),
    )
    mentee_dee = await make_participant(
        session, program, "mentee", south, person_id=dee.id, **profile("math", "middle", "city", 10)
    )
    mentee_eve = await make_participant(
        session, program, "mentee", north, person_id=eve.id, school_level="high"
    )
    already = await make_participant(session, program, "mentee", north, subjects=["ela"])
    await make_match(session, mentor_ben, already, status="active")
    # A completed match takes no place; a mentee who left is not suggested.
    gone = await make_participant(session, program, "mentee", north, left_on=dt.date(2025, 9, 1))
    await make_match(session, mentor_ben, gone, status="completed", ended_on=dt.date(2025, 9, 1))

    body = await suggestions(client, program)

    assert body["mentors_considered"] == 2
    assert body["places"] == 1 + 1
    assert body["mentees_unmatched"] == 3
    assert pairs_of(body) == {
        (str(mentor_ada.id), str(mentee_dee.id)),
        (str(mentor_ben.id), str(mentee_eve.id)),
    }
    first, second = body["pairs"]
    assert first["score"] == 8.0
    assert second["score"] == 3.0
    assert body["total_score"] == 11.0
    assert first["mentor"] == {
        "id": str(mentor_ada.id),
        "person_id": str(ada.id),
        "name": "Ada Lovelace",
        "school_id": str(north.id),
    }
    assert [(r["code"], r["points"], r["text"]) for r in first["reasons"]] == [
        ("shared_subjects", 3.0, "Both work in math."),
        ("same_school_level", 3.0, "Both work in middle schools."),
        ("more_experience", 2.0, "The mentor has 20 years of experience, the mentee 10."),
    ]
    assert second["reasons"] == [
        {"code": "same_school_level", "points": 3.0, "text": "Both work in high schools."}
    ]
    assert first["accept"] == {
        "program_id": str(program.id),
        "mentor_id": str(mentor_ada.id),
        "mentee_id": str(mentee_dee.id),
        "score": 8.0,
        "status": "proposed",
    }
    assert body["suggested"] == 2
    assert body["unmatched"] == [
        {
            "mentee": {
                "id": str(mentee_cy.id),
                "person_id": str(cy.id),
                "name": f"{cy.given_name} {cy.family_name}",
                "school_id": str(south.id),
            },
            "reason": "no_capacity",
            "text": "The mentors who may take them have no places left after the others.",
        }
    ]


async def test_accepting_a_suggestion_takes_the_place_and_the_mentee(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session, target_caseload=1)
    mentor = await make_participant(session, program, "mentor", subjects=["sel"])
    mentees = [await make_participant(session, program, "mentee") for _ in range(2)]
    mentees.append(await make_participant(session, program, "mentee", subjects=["sel"]))
    body = await suggestions(client, program)
    (pair,) = body["pairs"]
    assert pair["mentee"]["id"] == str(mentees[2].id)
    accept = pair["accept"]
    session.add(
        Match(
            program_id=uuid.UUID(accept["program_id"]),
            mentor_id=uuid.UUID(accept["mentor_id"]),
            mentee_id=uuid.UUID(accept["mentee_id"]),
            score=accept["score"],
            status=accept["status"],
        )
    )
    await session.flush()
    after = await suggestions(client, program)
    assert after["pairs"] == []
    assert after["places"] == 0
    assert after["mentees_unmatched"] == 2
    assert {u["reason"] for u in after["unmatched"]} == {"no_capacity"}
    assert {u["text"] for u in after["unmatched"]} == {
        "Every mentor who may take them is at capacity."
    }
    assert mentor.capacity is None


async def test_avoiding_the_same_school(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    north, south = await make_school(session, district), await make_school(session, district)
    program = await make_program(session, district)
    boss = await make_person(session)
    colleague = await make_participant(
        session, program, "mentor", north, subjects=["math"], capacity=3
    )
    supervisor = await make_participant(session, program, "mentor", south, person_id=boss.id)
    mentees = [
        await make_participant(session, program, "mentee", north, subjects=["math"])
        for _ in range(2)
    ]
    stuck = await make_participant(session, program, "mentee", north, supervisor_id=boss.id)

    allowed = await suggestions(client, program)
    assert pairs_of(allowed) == {(str(colleague.id), str(m.id)) for m in [*mentees, stuck]}

    avoided = await suggestions(client, program, same_school="avoid")
    assert avoided["same_school"] == "avoid"
    assert pairs_of(avoided) == {(str(supervisor.id), str(m.id)) for m in mentees}
    reasons = {u["mentee"]["id"]: (u["reason"], u["text"]) for u in avoided["unmatched"]}
    assert reasons[str(stuck.id)] == (
        "no_allowed_mentor",
        "Every mentor in the programme is their supervisor or works at their school.",
    )
    assert avoided["unmatched_total"] == 1


async def test_limit_lists_fewer_pairs_of_the_same_assignment(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session, target_caseload=10)
    await make_participant(session, program, "mentor", interests=["data"])
    for n in range(4):
        await make_participant(session, program, "mentee", interests=["data"] if n % 2 else [])
    whole = await suggestions(client, program)
    some = await suggestions(client, program, limit=1)
    assert whole["suggested"] == some["suggested"] == 4
    assert some["pairs"] == whole["pairs"][:1]
    assert some["pairs"][0]["score"] == 1.0


async def test_an_empty_programme_suggests_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    lonely = await make_participant(session, program, "mentee")
    body = await suggestions(client, program)
    assert body["pairs"] == []
    assert body["total_score"] == 0
    assert body["unmatched"][0]["mentee"]["id"] == str(lonely.id)
    assert body["unmatched"][0]["reason"] == "no_allowed_mentor"
    assert body["unmatched"][0]["text"] == "The programme has no mentors."


@pytest.mark.parametrize(
    "query", ["same_school=never", "limit=0", "limit=5001", "limit=ten", "color=blue"]
)
async def test_a_bad_query_is_a_400_naming_it(
    client: httpx.AsyncClient, session: AsyncSession, query: str
) -> None:
    program = await make_program(session)
    response = await client.get(f"{url(program)}?{query}")
    body = assert_problem(response, 400)
    assert query.split("=")[0] in response.text, body


async def test_scope(session: AsyncSession, sign_in: SignIn, app: Any) -> None:
    district, elsewhere = await make_district(session), await make_district(session)
    school = await make_school(session, district)
    program = await make_program(session, district)
    await make_participant(session, program, "mentor", school)
    missing = f"{PROGRAMS}/{uuid.uuid4()}/match-suggestions"

    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    assert (await manager.get(url(program))).status_code == 200
    assert_problem(await manager.get(missing), 404)
    outsider = await sign_in(Role.district_manager, district_ids=[elsewhere.id])
    assert_problem(await outsider.get(url(program)), 404)
    viewer = await sign_in(Role.viewer, district_ids=[district.id])
    assert_problem(await viewer.get(url(program)), 403)

    # A participant sees the programme but does not run it.
    person = await make_person(session)
    await make_participant(session, program, "mentee", person_id=person.id)
    user = await make_user(session, Role.partner)
    user.person_id = person.id
    await session.flush()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as mentee:
        mentee.headers.update(await bearer_for(session, user))
        assert_problem(await mentee.get(url(program)), 403)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        assert_problem(await anonymous.get(url(program)), 401)


async def test_participants_who_left_or_belong_elsewhere_are_not_in_the_pool(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program, other = await make_program(session), await make_program(session)
    await make_participant(session, program, "mentor", left_on=dt.date(2025, 10, 1))
    await make_participant(session, other, "mentor")
    staying = await make_participant(
        session, program, "mentor", left_on=dt.date.today() + dt.timedelta(days=30)
    )
    mentee = await make_participant(session, program, "mentee")
    await make_participant(session, other, "mentee")
    body = await suggestions(client, program)
    assert body["mentors_considered"] == 1
    assert pairs_of(body) == {(str(staying.id), str(mentee.id))}
    assert isinstance(staying, Participant)


async def test_someone_enrolled_on_both_sides_is_never_their_own_mentor(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    both = await make_person(session)
    await make_participant(session, program, "mentor", person_id=both.id, subjects=["ela"])
    myself = await make_participant(session, program, "mentee", person_id=both.id, subjects=["ela"])
    body = await suggestions(client, program)
    assert body["pairs"] == []
    assert body["unmatched"] == [
        {
            "mentee": {
                "id": str(myself.id),
                "person_id": str(both.id),
                "name": f"{both.given_name} {both.family_name}",
                "school_id": None,
            },
            "reason": "no_allowed_mentor",
            "text": "Every mentor in the programme is the mentee themselves.",
        }
    ]
