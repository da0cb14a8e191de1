"""Goals: CRUD with derived figures, the rules of a goal's place, filters, CSV, bulk, scope."""

import csv
import datetime as dt
import io
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import EventPlace
from api.goals.models import Goal
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.goals.factories import make_alignment, make_goal
from tests.goals.helpers import GOALS, a_school, goal_body, written
from tests.partners.factories import days, make_agreement, make_partner
from tests.partners.helpers import assert_problem, error_locs, events_for


async def test_create_then_read(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    created = await client.post(GOALS, json=goal_body(school.id, external_id="sis-1"))
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["district_id"], body["school_id"]) == (str(school.district_id), str(school.id))
    assert (body["asked_services"], body["direction"], body["version"]) == (
        ["tutoring", "mentoring"],
        "increase",
        1,
    )
    assert (body["progress"], body["progress_reason"]) == (None, "no_readings")
    assert (body["on_track"], body["on_track_reason"], body["latest"]) == (
        None,
        "no_readings",
        None,
    )
    assert body["days_to_target"] == (dt.date(2027, 6, 1) - dt.date.today()).days
    assert created.headers["location"].endswith(f"{GOALS}/{body['id']}")
    fetched = await client.get(created.headers["location"])
    assert fetched.json() == body
    assert fetched.headers["etag"] == created.headers["etag"]
    assert fetched.headers["etag"].startswith('"1.')
    etag = fetched.headers["etag"]
    again = await client.get(created.headers["location"], headers={"If-None-Match": etag})
    assert again.status_code == 304
    (event,) = await events_for(session, uuid.UUID(body["id"]))
    assert (event.operation, event.district_id, event.school_id) == (
        "create",
        school.district_id,
        school.id,
    )


async def test_derived_figures_come_from_the_latest_reading(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    goal = await make_goal(
        session,
        district,
        baseline_value=40,
        baseline_date=days(-100),
        target_value=60,
        target_date=days(100),
        latest_value=55,
        last_measured_on=days(0),
    )
    url = f"{GOALS}/{goal.id}"
    first = await client.get(url)
    body = first.json()
    assert (body["progress"], body["on_track"], body["expected"], body["latest"]) == (
        0.75,
        True,
        50.0,
        55.0,
    )
    assert (body["last_measured_on"], body["days_to_target"]) == (str(days(0)), 100)
    # A new reading (kept on the goal by the measurements service) leaves the version
    # but not the body, so the tag changes and a cached copy is not "not modified".
    await session.execute(update(Goal).where(Goal.id == goal.id).values(latest_value=45))
    second = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200
    assert (second.json()["on_track"], second.json()["version"]) == (False, 1)


async def test_district_goal_reaches_every_school_of_its_district(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    created = await client.post(GOALS, json=goal_body(district_id=str(district.id)))
    assert created.status_code == 201, created.text
    assert created.json()["school_id"] is None
    (event,) = await events_for(session, uuid.UUID(created.json()["id"]))
    places = (await session.scalars(select(EventPlace).where(EventPlace.seq == event.seq))).all()
    assert [(p.district_id, p.school_id, p.district_office) for p in places] == [
        (district.id, None, False)
    ]


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"target_date": "2026-08-31"}, ["body", "target_date"]),
        ({"school_year": "2026-28"}, ["body", "school_year"]),
        ({"school_year": "26-27"}, ["body", "school_year"]),
        ({"area": "juggling"}, ["body", "area"]),
        ({"asked_services": ["juggling"]}, ["body", "asked_services", 0]),
        ({"asked_services": ["tutoring", "tutoring"]}, ["body"]),
        ({"direction": "sideways"}, ["body", "direction"]),
        ({"title": "x" * 201}, ["body", "title"]),
        ({"priority": 0}, ["body", "priority"]),
        ({"baseline_value": 1e15}, ["body", "baseline_value"]),
        ({"external_id": "x" * 65}, ["body", "external_id"]),
        ({"surprise": 1}, ["body", "surprise"]),
    ],
)
async def test_invalid_goal_is_422_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, Any], loc: list[Any]
) -> None:
    school = await make_school(session)
    before = await written(session)
    response = await client.post(GOALS, json=goal_body(school.id, **change))
    assert_problem(response, 422)
    assert error_locs(response)[0][: len(loc)] == loc
    assert await written(session) == before


async def test_place_and_owner_must_be_in_reach(
    sign_in: SignIn, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    other = await make_school(session)
    colleague, stranger = await make_person(session), await make_person(session)
    await make_assignment(session, colleague, school=school, role="teacher")
    await make_assignment(session, stranger, school=other, role="teacher")
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    before = await written(session)

    async def refused(client: httpx.AsyncClient, status: int, **change: Any) -> list[Any]:
        response = await client.post(GOALS, json=goal_body(school.id) | change)
        assert_problem(response, status)
        assert await written(session) == before
        return error_locs(response)

    assert await refused(client, 422, district_id=str(other.district_id)) == [
        ["body", "district_id"]
    ]
    assert await refused(client, 422, school_id=None) == [["body", "district_id"]]
    assert await refused(client, 422, school_id=str(uuid.uuid4())) == [["body", "school_id"]]
    assert await refused(coordinator, 422, owner_id=str(stranger.id)) == [["body", "owner_id"]]
    assert await refused(coordinator, 422, school_id=str(other.id)) == [["body", "school_id"]]
    # Coordinators read their district's goals but leave them to its managers.
    await refused(coordinator, 403, school_id=None, district_id=str(school.district_id))
    for role, grant in (
        (Role.partner, {"partner_id": (await make_partner(session)).id}),
        (Role.viewer, {"district_ids": [school.district_id]}),
    ):
        await refused(await sign_in(role, **grant), 403)
    owned = await coordinator.post(GOALS, json=goal_body(school.id, owner_id=str(colleague.id)))
    assert owned.status_code == 201, owned.text
    assert owned.json()["owner_id"] == str(colleague.id)


async def test_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    home, school = await a_school(session)
    district = await make_district(session)
    partner = await make_partner(session)
    live = await make_agreement(session, partner, [school], status="active")
    ended = await make_agreement(session, partner, [school], status="active", end_date=days(-1))
    line = {
        "baseline_value": 0,
        "baseline_date": days(-10),
        "target_value": 100,
        "target_date": days(10),
        "last_measured_on": days(0),
    }
    ahead = await make_goal(session, home, school, title="Ahead", latest_value=60, **line)
    behind = await make_goal(
        session,
        home,
        school,
        title="Behind",
        area="math",
        latest_value=40,
        **line,
    )
    await make_goal(session, district, title="District attendance", area="attendance")
    await make_goal(session, district, title="Last year", school_year="2025-26", status="achieved")
    await make_alignment(session, ahead, live)
    await make_alignment(session, behind, ended)

    async def titles(query: str) -> list[str]:
        response = await client.get(f"{GOALS}?{query}&limit=500")
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["items"]]

    assert await titles(f"school_id={school.id}") == ["Ahead", "Behind"]
    assert await titles(f"district_id={district.id}") == ["Last year", "District attendance"]
    assert await titles(f"district_id={district.id}&school_year=2026-27") == ["District attendance"]
    assert await titles(f"district_id={district.id}&status=achieved") == ["Last year"]
    assert await titles(f"school_id={school.id}&area=math&area=attendance") == ["Behind"]
    assert await titles(f"school_id={school.id}&on_track=true") == ["Ahead"]
    assert await titles(f"school_id={school.id}&on_track=false") == ["Behind"]
    assert await titles(f"district_id={district.id}&on_track=false") == []
    assert await titles(f"school_id={school.id}&covered=true") == ["Ahead"]
    assert await titles(f"school_id={school.id}&covered=false") == ["Behind"]
    assert await titles(f"school_id={school.id}&q=BEHI") == ["Behind"]
    assert await titles(f"school_id={school.id}&sort=-title") == ["Behind", "Ahead"]
    for bad in ("school_year=2026-28", "area=juggling", "sort=priority", "on_track=maybe"):
        assert_problem(await client.get(f"{GOALS}?{bad}"), 400)


# baseline, target, direction, baseline day, target day, reading, reading day (days from
# the baseline date), and the on-track answer the progress module gives.
ON_TRACK_TABLE: list[tuple[Any, ...]] = [
    (0, 100, "increase", 0, 10, 50, 5, True),  # exactly on the line
    (0, 100, "increase", 0, 10, 49.9999, 5, False),
    # On the line in exact arithmetic; in floating point the line is a hair above it.
    (0, 0.1, "increase", 0, 5, 0.02, 1, False),
    (0, 0.1, "increase", 0, 5, 0.0201, 1, True),
    (50, 20, "decrease", 0, 30, 40, 10, True),
    (50, 20, "decrease", 0, 30, 40.0001, 10, False),
    (0, 100, "increase", 0, 10, 99, 20, False),  # after the target date: held to the target
    (0, 100, "increase", 0, 10, 100, 20, True),
    (0, 100, "increase", 0, 0, 100, 0, True),  # baseline and target on one day
    (0, 100, "increase", 0, 10, 5, -1, None),  # a reading before the baseline date
    (10, 10, "increase", 0, 10, 12, 5, None),  # baseline equals target
    (0, 100, "increase", 0, 10, None, None, None),  # no readings
    (None, 100, "increase", 0, 10, 5, 5, None),  # no baseline
    (0, 100, "increase", None, 10, 5, 5, None),  # no baseline date
]


async def test_on_track_filter_agrees_with_every_response(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    home, school = await a_school(session)
    start = dt.date(2026, 9, 1)

    def day(offset: int | None) -> dt.date | None:
        return None if offset is None else start + dt.timedelta(days=offset)

    expected: dict[str, bool | None] = {}
    for n, (base, target, direction, b_day, t_day, value, on, answer) in enumerate(ON_TRACK_TABLE):
        goal = await make_goal(
            session,
            home,
            school,
            title=f"Row {n:02d}",
            baseline_value=base,
            target_value=target,
            direction=direction,
            baseline_date=day(b_day),
            target_date=day(t_day),
            latest_value=value,
            last_measured_on=day(on),
        )
        expected[str(goal.id)] = answer
    listed = (await client.get(f"{GOALS}?school_id={school.id}&limit=500")).json()["items"]
    assert {item["id"]: item["on_track"] for item in listed} == expected
    for wanted in (True, False):
        response = await client.get(f"{GOALS}?school_id={school.id}&on_track={wanted}&limit=500")
        shown = {item["id"] for item in response.json()["items"]}
        assert shown == {goal_id for goal_id, answer in expected.items() if answer is wanted}
    exported = await client.get(f"{GOALS}?school_id={school.id}", headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    as_csv = {None: "", True: "true", False: "false"}
    assert {row["id"]: row["on_track"] for row in rows} == {
        goal_id: as_csv[answer] for goal_id, answer in expected.items()
    }
    progress = {item["id"]: item["progress"] for item in listed}
    for row in rows:
        shown = progress[row["id"]]
        assert row["progress"] == ("" if shown is None else str(shown)), row


async def test_csv_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    home, school = await a_school(session)
    await make_goal(
        session,
        home,
        school,
        title="=Attendance",
        asked_services=["tutoring", "health"],
        external_id="sis-9",
    )
    response = await client.get(f"{GOALS}?school_id={school.id}&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert (row["title"], row["asked_services"], row["external_id"]) == (
        "'=Attendance",
        "tutoring;health",
        "sis-9",
    )
    assert (row["school_id"], row["progress"], row["on_track"]) == (str(school.id), "", "")
