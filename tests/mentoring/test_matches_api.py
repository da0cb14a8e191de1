"""Participants, matches with their rules and pair health, and check-ins."""

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.mentoring.models import CheckIn, Match, Participant
from tests.auth.helpers import bearer_for, make_user
from tests.directory.factories import make_assignment, make_person, make_school
from tests.mentoring.helpers import (
    MATCHES,
    PARTICIPANTS,
    PROGRAMS,
    count,
    created,
    days,
    locs,
    problem,
    program_body,
)


async def _programme(
    client: httpx.AsyncClient, session: AsyncSession, **fields: Any
) -> dict[str, Any]:
    return await created(client, PROGRAMS, program_body(**fields))


async def _enrol(
    client: httpx.AsyncClient,
    session: AsyncSession,
    program: dict[str, Any],
    role: str,
    **fields: Any,
) -> dict[str, Any]:
    person = await make_person(session)
    body = {"program_id": program["id"], "person_id": str(person.id), "role": role}
    return await created(client, PARTICIPANTS, body | {"enrolled_on": days(-60)} | fields)


def _pair_body(
    program: dict[str, Any], mentor: dict[str, Any], mentee: dict[str, Any]
) -> dict[str, Any]:
    return {"program_id": program["id"], "mentor_id": mentor["id"], "mentee_id": mentee["id"]}


async def _new_pair(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, Any]:
    """A new programme with a mentor and a mentee enrolled: the body that pairs them."""
    program = await _programme(client, session)
    mentor = await _enrol(client, session, program, "mentor")
    mentee = await _enrol(client, session, program, "mentee")
    return _pair_body(program, mentor, mentee)


async def test_participants_take_their_school_from_their_role_and_refuse_bad_profiles(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await _programme(client, session)
    school = await make_school(session)
    person = await make_person(session)
    await make_assignment(session, person, school=school, role="principal")
    body = {
        "program_id": program["id"],
        "person_id": str(person.id),
        "role": "mentee",
        "enrolled_on": days(-1),
    }
    mentee = await created(client, PARTICIPANTS, body | {"subjects": ["math"]})
    assert mentee["school_id"] == str(school.id)
    assert mentee["district_id"] == str(school.district_id)
    derived = (mentee["staff_role"], mentee["school_level"], mentee["locale_type"])
    assert derived == ("principal", "elementary", "suburb")
    problem(await client.post(PARTICIPANTS, json=body), 409)
    other = await make_person(session)
    bad = body | {"person_id": str(other.id)}
    assert locs(await client.post(PARTICIPANTS, json=bad | {"capacity": 3})) == [
        ["body", "capacity"]
    ]
    assert locs(await client.post(PARTICIPANTS, json=bad | {"left_on": days(-5)})) == [
        ["body", "left_on"]
    ]
    assert await count(session, Participant) == 1
    listed = await client.get(PARTICIPANTS, params={"school_id": str(school.id), "active": "true"})
    assert [p["id"] for p in listed.json()["items"]] == [mentee["id"]]
    high = await make_school(session, level="high", locale_code=41)
    moved = await client.patch(
        f"{PARTICIPANTS}/{mentee['id']}",
        json={"school_id": str(high.id), "locale_type": "town"},
        headers={"If-Match": '"1"'},
    )
    placed = moved.json()
    assert (placed["district_id"], placed["school_level"]) == (str(high.district_id), "high")
    assert (placed["locale_type"], placed["staff_role"]) == ("town", "principal")
    left = await client.patch(
        f"{PARTICIPANTS}/{mentee['id']}",
        json={"left_on": days(0), "left_reason": "Moved"},
        headers={"If-Match": '"2"'},
    )
    assert left.status_code == 200, left.text
    gone = await client.get(PARTICIPANTS, params={"active": "false"})
    assert [p["id"] for p in gone.json()["items"]] == [mentee["id"]]


async def test_match_rules_refuse_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await _programme(client, session)
    mentor = await _enrol(client, session, program, "mentor", capacity=1)
    mentee, second = (
        await _enrol(client, session, program, "mentee"),
        await _enrol(client, session, program, "mentee"),
    )
    pair = _pair_body(program, mentor, mentee)
    wrong_roles = pair | {"mentor_id": mentee["id"], "mentee_id": mentor["id"]}
    assert locs(await client.post(MATCHES, json=wrong_roles)) == [["body", "mentor_id"]]
    match = await created(client, MATCHES, pair | {"score": 0.875, "focus_areas": ["budget"]})
    assert match["status"] == "proposed"
    assert match["score"] == 0.875
    twice = await client.post(MATCHES, json=pair)
    assert problem(twice, 409)["errors"][0]["loc"] == ["body", "mentee_id"]
    full = await client.post(MATCHES, json=pair | {"mentee_id": second["id"]})
    assert problem(full, 409)["errors"][0]["loc"] == ["body", "mentor_id"]
    assert await count(session, Match) == 1


async def test_supervisor_and_same_person_are_never_a_pair(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await _programme(client, session)
    boss = await make_person(session)
    mentor = await _enrol(client, session, program, "mentor", person_id=str(boss.id))
    mentee = await _enrol(client, session, program, "mentee", supervisor_id=str(boss.id))
    pair = _pair_body(program, mentor, mentee)
    assert locs(await client.post(MATCHES, json=pair)) == [["body", "mentor_id"]]
    self_mentee = await created(
        client,
        PARTICIPANTS,
        {
            "program_id": program["id"],
            "person_id": str(boss.id),
            "role": "mentee",
            "enrolled_on": days(-9),
        },
    )
    same = pair | {"mentee_id": self_mentee["id"]}
    assert locs(await client.post(MATCHES, json=same)) == [["body", "mentee_id"]]
    assert await count(session, Match) == 0


async def test_lifecycle_check_ins_and_pair_health(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    program = await _programme(client, session, cadence_days=30)
    await created(
        client,
        f"{PROGRAMS}/{program['id']}/schools",
        {"school_id": str(school.id), "tier": "intensive"},
    )
    mentor = await _enrol(client, session, program, "mentor")
    mentee = await _enrol(client, session, program, "mentee", school_id=str(school.id))
    match = await created(
        client,
        MATCHES,
        _pair_body(program, mentor, mentee),
    )
    assert match["cadence_days"] == 7
    assert match["health"] is None
    url = f"{MATCHES}/{match['id']}"
    log = f"{url}/check-ins"
    problem(await client.post(log, json={"held_on": days(0)}), 409)
    closed = await client.patch(
        url, json={"status": "completed"}, headers={"If-Match": match_etag(match)}
    )
    assert "active, ended_early" in problem(closed, 409)["detail"]
    active = await client.patch(
        url,
        json={"status": "active", "started_on": days(-10)},
        headers={"If-Match": match_etag(match)},
    )
    assert active.status_code == 200, active.text
    body = active.json()
    assert (body["health"], body["next_check_in_due"]) == ("needs_check_in", days(-3))
    early = await client.post(log, json={"held_on": days(-11)})
    assert locs(early) == [["body", "held_on"]]
    assert await count(session, CheckIn) == 0
    first = await created(client, log, {"held_on": days(-2), "minutes": 45, "channel": "video"})
    await created(client, log, {"held_on": days(-4)})
    after = (await client.get(url)).json()
    assert after["check_in_count"] == 2
    assert after["last_check_in_on"] == days(-2)
    assert after["health"] == "on_track"
    assert after["days_since_check_in"] == 2
    assert after["next_check_in_due"] == days(5)
    on_track = await client.get(MATCHES, params={"health": "on_track"})
    assert [m["id"] for m in on_track.json()["items"]] == [match["id"]]
    needing = await client.get(MATCHES, params={"health": "needs_check_in"})
    assert needing.json()["items"] == []
    removed = await client.delete(f"{log}/{first['id']}", headers={"If-Match": '"1"'})
    assert removed.status_code == 204
    after = (await client.get(url)).json()
    assert (after["check_in_count"], after["last_check_in_on"]) == (1, days(-4))
    no_reason = await client.patch(
        url, json={"status": "ended_early"}, headers={"If-Match": f'"{after["version"]}"'}
    )
    assert locs(no_reason) == [["body", "end_reason"]]
    ended = await client.patch(
        url,
        json={"status": "ended_early", "end_reason": "Changed schools"},
        headers={"If-Match": f'"{after["version"]}"'},
    )
    assert ended.json()["ended_on"] == days(0)
    assert ended.json()["health"] is None


def match_etag(match: dict[str, Any]) -> str:
    return f'"{match["version"]}"'


async def test_a_participant_sees_and_logs_on_their_own_match_only(
    client: httpx.AsyncClient, session: AsyncSession, anonymous_client: httpx.AsyncClient
) -> None:
    program = await _programme(client, session)
    mentor = await _enrol(client, session, program, "mentor")
    mentee = await _enrol(client, session, program, "mentee")
    stranger = await _enrol(client, session, program, "mentee")
    pair = {
        "program_id": program["id"],
        "mentor_id": mentor["id"],
        "mentee_id": mentee["id"],
        "status": "active",
        "started_on": days(-20),
    }
    match = await created(client, MATCHES, pair)
    user = await make_user(session, Role.viewer)
    user.person_id = uuid.UUID(mentee["person_id"])
    await session.flush()
    headers = await bearer_for(session, user)
    seen = await anonymous_client.get(MATCHES, headers=headers)
    assert [m["id"] for m in seen.json()["items"]] == [match["id"]]
    people = await anonymous_client.get(PARTICIPANTS, headers=headers)
    assert {p["id"] for p in people.json()["items"]} == {mentor["id"], mentee["id"]}
    assert stranger["id"] not in people.text
    problem(
        await anonymous_client.patch(
            f"{MATCHES}/{match['id']}", json={"focus_areas": ["x"]}, headers=headers
        ),
        403,
    )


async def test_the_health_filter_agrees_with_each_match_health(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Cadence from the mentee's school tier (with an override), else the programme's."""
    school = await make_school(session)
    program = await _programme(client, session, cadence_days=30)
    tiers = f"{PROGRAMS}/{program['id']}/schools"
    await created(
        client, tiers, {"school_id": str(school.id), "tier": "universal", "cadence_days": 5}
    )
    mentors = [await _enrol(client, session, program, "mentor") for _ in range(3)]
    plain = await _enrol(client, session, program, "mentee")
    tiered = await _enrol(client, session, program, "mentee", school_id=str(school.id))
    proposed = await _enrol(client, session, program, "mentee")

    async def pair(mentor: dict[str, Any], mentee: dict[str, Any], **fields: Any) -> str:
        body = _pair_body(program, mentor, mentee)
        return str((await created(client, MATCHES, body | fields))["id"])

    # 10 days in: too early on the programme's 30 days, overdue on the tier's 5.
    new = await pair(mentors[0], plain, status="active", started_on=days(-10))
    overdue = await pair(mentors[1], tiered, status="active", started_on=days(-10))
    await pair(mentors[2], proposed)
    for health, expected in (("too_early", [new]), ("needs_check_in", [overdue]), ("on_track", [])):
        listed = await client.get(MATCHES, params={"health": health})
        items = listed.json()["items"]
        assert [m["id"] for m in items] == expected, health
        assert all(m["health"] == health for m in items)
    both = await client.get(MATCHES, params=[("health", "too_early"), ("health", "needs_check_in")])
    assert {m["id"] for m in both.json()["items"]} == {new, overdue}
    overdue_body = (await client.get(f"{MATCHES}/{overdue}")).json()
    assert (overdue_body["cadence_days"], overdue_body["next_check_in_due"]) == (5, days(-5))


async def test_a_declined_proposal_never_started_and_dates_do_not_lie_ahead(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await _new_pair(client, session)
    ahead = await client.post(MATCHES, json=pair | {"status": "active", "started_on": days(3)})
    assert locs(ahead) == [["body", "started_on"]]
    assert await count(session, Match) == 0
    match = await created(client, MATCHES, pair)
    declined = await client.patch(
        f"{MATCHES}/{match['id']}",
        json={"status": "ended_early", "end_reason": "The mentee declined"},
        headers={"If-Match": match_etag(match)},
    )
    assert declined.status_code == 200, declined.text
    body = declined.json()
    assert (body["started_on"], body["ended_on"], body["health"]) == (None, days(0), None)
    problem(await client.post(f"{MATCHES}/{match['id']}/check-ins", json={"held_on": days(0)}), 409)
    # Closed, the mentee may be matched again.
    again = await created(client, MATCHES, pair | {"status": "active"})
    assert again["started_on"] == days(0)


async def test_a_match_etag_read_back_is_accepted_and_a_stale_one_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await _new_pair(client, session)
    match = await created(client, MATCHES, pair)
    url = f"{MATCHES}/{match['id']}"
    read = await client.get(url)
    etag = read.headers["etag"]
    assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304
    changed = await client.patch(url, json={"focus_areas": ["hiring"]}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    stale = await client.patch(url, json={"focus_areas": ["budget"]}, headers={"If-Match": etag})
    problem(stale, 412)
    assert (await client.get(url)).json()["focus_areas"] == ["hiring"]


async def test_deleting_a_match_leaves_a_tombstone_for_each_check_in(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await _new_pair(client, session)
    match = await created(client, MATCHES, pair | {"status": "active", "started_on": days(-5)})
    check_in = await created(client, f"{MATCHES}/{match['id']}/check-ins", {"held_on": days(-1)})
    gone = await client.delete(f"{MATCHES}/{match['id']}")
    assert gone.status_code == 204
    assert await count(session, CheckIn) == 0
    deleted = await session.scalars(select(Event.resource_id).where(Event.operation == "delete"))
    assert set(deleted) == {uuid.UUID(match["id"]), uuid.UUID(check_in["id"])}


async def test_matches_page_by_cursor_with_their_health(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await _programme(client, session)
    mentor = await _enrol(client, session, program, "mentor")
    made = []
    for started in (None, days(-3), days(-40)):
        mentee = await _enrol(client, session, program, "mentee")
        body = _pair_body(program, mentor, mentee)
        if started:
            body |= {"status": "active", "started_on": started}
        made.append((await created(client, MATCHES, body))["id"])
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 1, "sort": "-created_at", "include_total": "true"}
    while True:
        page = (await client.get(MATCHES, params=params)).json()
        assert page["total"] == 3
        seen += [m["id"] for m in page["items"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == made[::-1]


async def test_moving_a_check_in_keeps_the_match_last_date_and_its_rules(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await _new_pair(client, session)
    match = await created(client, MATCHES, pair | {"status": "active", "started_on": days(-20)})
    log = f"{MATCHES}/{match['id']}/check-ins"
    check_in = await created(client, log, {"held_on": days(-10), "goal_ids": []})
    url = f"{log}/{check_in['id']}"
    before_start = await client.patch(url, json={"held_on": days(-21)}, headers={"If-Match": '"1"'})
    assert locs(before_start) == [["body", "held_on"]]
    unknown_goal = await client.patch(url, json={"goal_ids": [str(uuid.uuid4())]})
    assert locs(unknown_goal) == [["body", "goal_ids", 0]]
    moved = await client.patch(
        url, json={"held_on": days(-2), "notes": "Moved"}, headers={"If-Match": '"1"'}
    )
    assert moved.json()["version"] == 2
    after = (await client.get(f"{MATCHES}/{match['id']}")).json()
    assert (after["last_check_in_on"], after["check_in_count"], after["version"]) == (
        days(-2),
        1,
        1,
    )
    earlier_start = await client.patch(f"{MATCHES}/{match['id']}", json={"started_on": days(-1)})
    assert locs(earlier_start) == [["body", "started_on"]]
