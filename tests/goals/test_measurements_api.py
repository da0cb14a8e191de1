"""A goal's readings over the API: each write keeps the goal's latest reading."""

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.goals.models import Goal, Measurement
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.goals.measurement_factories import latest_of, make_goal, make_measurement
from tests.partners.helpers import assert_problem, error_locs

GOALS = "/api/v1/goals"


def readings_url(goal: Goal) -> str:
    return f"{GOALS}/{goal.id}/measurements"


def reading(on: str, value: float, **more: Any) -> dict[str, Any]:
    return {"measured_on": on, "value": value} | more


async def readings_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Measurement)) or 0)


async def test_a_reading_becomes_the_goals_latest_without_a_new_goal_version(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session)
    stamped = select(Goal.version, Goal.updated_at).where(Goal.id == goal.id)
    before = (await session.execute(stamped)).one()
    created = await client.post(
        readings_url(goal), json=reading("2026-10-01", 52.123456, source="i-Ready", note="Fall")
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"].endswith(f"/measurements/{body['id']}")
    assert created.headers["etag"] == '"1"'
    assert body | {"id": None, "created_at": None, "updated_at": None} == {
        "id": None,
        "created_at": None,
        "updated_at": None,
        "version": 1,
        "goal_id": str(goal.id),
        "measured_on": "2026-10-01",
        "value": 52.1235,
        "source": "i-Ready",
        "note": "Fall",
    }
    assert await latest_of(session, goal) == (52.1235, dt.date(2026, 10, 1))
    # Keeping the latest reading is not an edit of the goal: an If-Match held stays good.
    assert (await session.execute(stamped)).one() == before
    fetched = await client.get(created.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json() == body
    event = await session.scalar(
        select(Event).where(
            Event.resource == "measurements", Event.resource_id == uuid.UUID(body["id"])
        )
    )
    assert event is not None
    assert event.operation == "create"
    assert (event.district_id, event.school_id) == (goal.district_id, goal.school_id)


async def test_the_latest_reading_follows_dates_ties_patches_and_deletes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session)
    url = readings_url(goal)
    november = (await client.post(url, json=reading("2026-11-01", 60))).json()
    await client.post(url, json=reading("2026-10-01", 55))
    assert await latest_of(session, goal) == (60.0, dt.date(2026, 11, 1))
    # Two readings on one date: the one recorded last is the latest.
    same_day = (await client.post(url, json=reading("2026-11-01", 61, source="survey"))).json()
    assert await latest_of(session, goal) == (61.0, dt.date(2026, 11, 1))
    # Moved back in time, the reading is no longer the latest.
    moved = await client.patch(
        f"{url}/{same_day['id']}", json={"measured_on": "2026-09-01"}, headers={"If-Match": '"1"'}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["version"] == 2
    assert await latest_of(session, goal) == (60.0, dt.date(2026, 11, 1))
    corrected = await client.patch(f"{url}/{november['id']}", json={"value": 58.5})
    assert corrected.status_code == 200, corrected.text
    assert await latest_of(session, goal) == (58.5, dt.date(2026, 11, 1))
    deleted = await client.delete(f"{url}/{november['id']}", headers={"If-Match": '"2"'})
    assert deleted.status_code == 204, deleted.text
    assert await latest_of(session, goal) == (55.0, dt.date(2026, 10, 1))
    for item in (await client.get(url)).json()["items"]:
        assert (await client.delete(f"{url}/{item['id']}")).status_code == 204
    assert await latest_of(session, goal) == (None, None)
    operations = await session.scalars(
        select(Event.operation).where(Event.resource == "measurements").order_by(Event.seq)
    )
    assert list(operations).count("delete") == 3


async def test_list_filters_by_date_range_and_sorts_by_date(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session)
    other = await make_goal(session)
    for day, value in (("2026-12-01", 3), ("2026-09-01", 1), ("2026-10-15", 2)):
        await make_measurement(session, goal, measured_on=dt.date.fromisoformat(day), value=value)
    await make_measurement(session, other, measured_on=dt.date(2026, 10, 1))
    listed = await client.get(readings_url(goal))
    assert [i["value"] for i in listed.json()["items"]] == [1, 2, 3]
    newest_first = await client.get(readings_url(goal), params={"sort": "-measured_on"})
    assert [i["value"] for i in newest_first.json()["items"]] == [3, 2, 1]
    ranged = await client.get(
        readings_url(goal), params={"measured_from": "2026-10-01", "measured_to": "2026-12-01"}
    )
    assert [i["value"] for i in ranged.json()["items"]] == [2, 3]
    assert_problem(await client.get(readings_url(goal), params={"sort": "value"}), 400)


async def test_a_dropped_goal_takes_no_readings(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session, status="dropped")
    stored = await make_measurement(session, goal)
    refused = assert_problem(
        await client.post(readings_url(goal), json=reading("2026-10-02", 1)), 409
    )
    assert "dropped" in refused["detail"]
    assert refused["current_status"] == "dropped"
    patched = await client.patch(f"{readings_url(goal)}/{stored.id}", json={"value": 2})
    assert_problem(patched, 409)
    assert await readings_count(session) == 1


async def test_one_reading_per_goal_date_and_source(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session)
    url = readings_url(goal)
    assert (await client.post(url, json=reading("2026-10-01", 1))).status_code == 201
    duplicate = assert_problem(await client.post(url, json=reading("2026-10-01", 2)), 409)
    assert "2026-10-01" in duplicate["detail"]
    other_source = await client.post(url, json=reading("2026-10-01", 2, source="survey"))
    assert other_source.status_code == 201
    clash = await client.patch(f"{url}/{other_source.json()['id']}", json={"source": ""})
    assert_problem(clash, 409)
    assert await readings_count(session) == 2
    assert await latest_of(session, goal) == (2.0, dt.date(2026, 10, 1))


async def test_bad_readings_are_refused_naming_the_field(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session)
    url = readings_url(goal)
    cases: list[tuple[bytes | dict[str, Any], str]] = [
        (b'{"measured_on": "2026-10-01", "value": NaN}', "value"),
        (b'{"measured_on": "2026-10-01", "value": Infinity}', "value"),
        (reading("2026-10-01", 1e15), "value"),
        (reading("2026-13-01", 1), "measured_on"),
        (reading("2026-10-01", 1, source="s" * 101), "source"),
        (reading("2026-10-01", 1, note="n" * 2001), "note"),
        (reading("2026-10-01", 1, goal_id=str(goal.id)), "goal_id"),
        ({"value": 1}, "measured_on"),
    ]
    for body, field in cases:
        if isinstance(body, bytes):
            sent = await client.post(
                url, content=body, headers={"content-type": "application/json"}
            )
        else:
            sent = await client.post(url, json=body)
        assert_problem(sent, 422)
        assert ["body", field] in error_locs(sent), (field, sent.text)
    assert_problem(
        await client.patch(
            f"{url}/{(await make_measurement(session, goal)).id}", json={"value": None}
        ),
        422,
    )
    assert await readings_count(session) == 1


async def test_stale_if_match_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    goal = await make_goal(session)
    stored = await make_measurement(session, goal, value=10)
    url = f"{readings_url(goal)}/{stored.id}"
    assert (await client.get(url, headers={"If-None-Match": '"1"'})).status_code == 304
    assert_problem(await client.patch(url, json={"value": 11}, headers={"If-Match": '"7"'}), 412)
    assert_problem(await client.delete(url, headers={"If-Match": '"7"'}), 412)
    assert (await client.get(url)).json()["value"] == 10


async def test_readings_follow_their_goals_scope(
    sign_in: SignIn, anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school, elsewhere = await make_school(session, district), await make_school(session)
    goal, outside = await make_goal(session, school), await make_goal(session, elsewhere)
    district_goal = await make_goal(session, school, school_id=None)
    stored = await make_measurement(session, goal)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    viewer = await sign_in(Role.viewer, district_ids=[district.id])
    body = reading("2026-11-01", 70)

    assert (await coordinator.post(readings_url(goal), json=body)).status_code == 201
    assert_problem(await coordinator.post(readings_url(outside), json=body), 404)
    assert_problem(await coordinator.get(readings_url(outside)), 404)
    assert_problem(await coordinator.get(f"{readings_url(outside)}/{uuid.uuid4()}"), 404)
    # A coordinator reads the district's own goals but does not set them.
    assert (await coordinator.get(readings_url(district_goal))).status_code == 200
    assert_problem(await coordinator.post(readings_url(district_goal), json=body), 403)
    assert (await manager.post(readings_url(district_goal), json=body)).status_code == 201
    assert_problem(await manager.delete(f"{readings_url(outside)}/{uuid.uuid4()}"), 404)
    assert (await viewer.get(f"{readings_url(goal)}/{stored.id}")).status_code == 200
    assert_problem(await viewer.post(readings_url(goal), json=body | {"source": "v"}), 403)
    assert_problem(await anonymous_client.get(readings_url(goal)), 401)
    # A reading is reached only under its own goal.
    assert_problem(await manager.get(f"{readings_url(district_goal)}/{stored.id}"), 404)
    assert await readings_count(session) == 3
