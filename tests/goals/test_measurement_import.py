"""Importing readings from CSV: every bad line reported, all or nothing, idempotent."""

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
from tests.directory.factories import make_school
from tests.goals.measurement_factories import latest_of, make_goal, make_measurement
from tests.partners.factories import make_partner
from tests.partners.helpers import assert_problem

IMPORT = "/api/v1/measurements/import"
CSV = {"content-type": "text/csv"}


async def send(client: httpx.AsyncClient, text: str, **params: Any) -> httpx.Response:
    return await client.post(IMPORT, content=text.encode(), headers=CSV, params=params)


async def stored(session: AsyncSession) -> list[tuple[Any, ...]]:
    rows = await session.execute(
        select(
            Measurement.goal_id, Measurement.measured_on, Measurement.source, Measurement.value
        ).order_by(Measurement.goal_id, Measurement.measured_on, Measurement.source)
    )
    return [tuple(row) for row in rows]


async def event_count(session: AsyncSession) -> int:
    found = select(func.count()).select_from(Event).where(Event.resource == "measurements")
    return int(await session.scalar(found) or 0)


async def test_a_file_imports_and_importing_it_again_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    first, second = await make_goal(session), await make_goal(session, external_id="SIS-77")
    text = (
        "goal_id,goal_external_id,measured_on,value,source,note\n"
        f"{first.id},,2026-10-01,45.5,i-Ready,Fall window\n"
        f"{first.id},,2026-12-01,51,i-Ready,\n"
        f",SIS-77,2026-10-01,12,,\n"
        # Two readings on one date: the later line is recorded last, so it is the latest.
        f",SIS-77,2026-11-01,14,survey,\n"
        f",SIS-77,2026-11-01,13,attendance,\n"
    )
    answer = await send(client, text)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "atomic": True,
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "errors": [],
    }
    assert await latest_of(session, first) == (51.0, dt.date(2026, 12, 1))
    assert await latest_of(session, second) == (13.0, dt.date(2026, 11, 1))
    assert await event_count(session) == 5
    event = await session.scalar(
        select(Event).where(Event.resource == "measurements").order_by(Event.seq).limit(1)
    )
    assert event is not None
    assert (event.operation, event.version) == ("create", 1)
    assert (event.district_id, event.school_id) == (first.district_id, first.school_id)
    assert event.changes is not None
    assert event.changes["goal_id"] == [None, str(first.id)]
    assert event.changes["measured_on"] == [None, "2026-10-01"]
    assert event.changes["value"] == [None, 45.5]
    assert event.changes["id"] == [None, str(event.resource_id)]
    before = await stored(session)

    again = await send(client, text)
    assert again.json()["created"] == 0
    assert again.json()["unchanged"] == 5
    assert await stored(session) == before
    assert await event_count(session) == 5

    changed = await send(client, text.replace("2026-12-01,51,", "2026-12-01,52.25,"))
    assert (changed.json()["created"], changed.json()["updated"]) == (0, 1)
    assert await latest_of(session, first) == (52.25, dt.date(2026, 12, 1))
    assert await event_count(session) == 6
    update = await session.scalar(
        select(Event).where(Event.resource == "measurements", Event.operation == "update")
    )
    assert update is not None
    assert (update.version, update.changes) == (2, {"value": [51.0, 52.25]})
    versions = await session.scalars(select(Measurement.version).order_by(Measurement.version))
    assert list(versions) == [1, 1, 1, 1, 2]
    goal_versions = await session.scalars(select(Goal.version))
    assert set(goal_versions) == {1}


async def test_columns_are_mapped_by_query_parameters(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session, external_id="G-1")
    await make_measurement(session, goal, measured_on=dt.date(2026, 9, 1), note="kept")
    text = "Goal,Date,Score\nG-1,2026-09-01,41\nG-1,2026-09-08,43\n"
    answer = await send(
        client, text, goal_external_id_column="Goal", date_column="Date", value_column="Score"
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["created"], answer.json()["updated"]) == (1, 1)
    # A file without a note column leaves the stored notes alone.
    notes = await session.scalars(select(Measurement.note).order_by(Measurement.measured_on))
    assert list(notes) == ["kept", None]
    assert await latest_of(session, goal) == (43.0, dt.date(2026, 9, 8))


async def test_with_atomic_one_bad_line_refuses_the_file_listing_every_bad_line(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    goal = await make_goal(session, school)
    dropped = await make_goal(session, school, status="dropped")
    text = (
        "goal_id,measured_on,value,source\n"
        f"{goal.id},2026-10-01,50,\n"  # line 2: good
        f"{goal.id},2026-02-30,abc,\n"  # line 3: two bad fields
        f"not-a-uuid,2026-10-01,1,\n"  # line 4
        f"{dropped.id},2026-10-01,1,\n"  # line 5
        f"{goal.id},2026-10-01,51,\n"  # line 6: repeats line 2
        f"{goal.id},2026-10-02,nan,\n"  # line 7
        f"{goal.id},2026-10-03,1e15,\n"  # line 8
        f"{goal.id},,2,{'s' * 101}\n"  # line 9: no date, source too long
        f"{uuid.uuid4()},2026-10-04,1,\n"  # line 10: no such goal
        "\n"
        f"{goal.id},2026-10-05,55,\n"  # line 12: good
    )
    refused = assert_problem(await send(client, text), 422)
    assert "8 line(s)" in refused["detail"]
    assert [(e["loc"][2], e["loc"][3]) for e in refused["errors"]] == [
        (3, "measured_on"),
        (3, "value"),
        (4, "goal_id"),
        (5, "goal_id"),
        (6, "row"),
        (7, "value"),
        (8, "value"),
        (9, "measured_on"),
        (9, "source"),
        (10, "goal_id"),
    ]
    assert all(e["loc"][:2] == ["body", "line"] for e in refused["errors"])
    assert "line 2" in refused["errors"][4]["msg"]
    assert await stored(session) == []
    assert await event_count(session) == 0
    assert await latest_of(session, goal) == (None, None)

    partial = await send(client, text, atomic="false")
    assert partial.status_code == 200, partial.text
    body = partial.json()
    assert (body["atomic"], body["created"], body["failed"]) == (False, 2, 8)
    assert [e["line"] for e in body["errors"]] == [3, 3, 4, 5, 6, 7, 8, 9, 9, 10]
    assert {e["field"] for e in body["errors"]} >= {"value", "goal_id", "row", "source"}
    assert await stored(session) == [
        (goal.id, dt.date(2026, 10, 1), "", 50.0),
        (goal.id, dt.date(2026, 10, 5), "", 55.0),
    ]
    assert await latest_of(session, goal) == (55.0, dt.date(2026, 10, 5))


async def test_unreadable_files_are_refused_before_any_line(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goal = await make_goal(session)
    no_value = assert_problem(
        await send(client, f"goal_id,measured_on\n{goal.id},2026-10-01\n"), 422
    )
    assert no_value["errors"][0]["loc"] == ["query", "value_column"]
    mapped = assert_problem(
        await send(client, "goal_id,measured_on,value\n", value_column="Score"), 422
    )
    assert "Score" in mapped["detail"]
    no_goal = assert_problem(await send(client, "measured_on,value\n2026-10-01,1\n"), 422)
    assert no_goal["errors"][0]["loc"] == ["query", "goal_id_column"]
    assert_problem(await send(client, ""), 422)
    not_utf8 = await client.post(IMPORT, content=b"goal_id,measured_on,value\n\xff\n", headers=CSV)
    assert "UTF-8" in assert_problem(not_utf8, 422)["detail"]
    as_json = await client.post(IMPORT, json={"csv": "goal_id,measured_on,value"})
    assert_problem(as_json, 415)
    xml = await client.post(IMPORT, content=b"<csv/>", headers={"content-type": "text/xml"})
    assert_problem(xml, 415)
    nul = assert_problem(
        await send(client, f"goal_id,measured_on,value,note\n{goal.id},2026-10-01,1,a\x00b\n"), 422
    )
    assert nul["errors"][0]["loc"] == ["body", "line", 2, "note"]
    assert await stored(session) == []


async def test_every_goal_must_be_one_the_caller_may_change(
    sign_in: SignIn, session: AsyncSession
) -> None:
    school, elsewhere = await make_school(session), await make_school(session)
    goal, outside = await make_goal(session, school), await make_goal(session, elsewhere)
    district_goal = await make_goal(session, school, school_id=None)
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    text = (
        "goal_id,measured_on,value\n"
        f"{goal.id},2026-10-01,1\n"
        f"{outside.id},2026-10-01,1\n"
        f"{district_goal.id},2026-10-01,1\n"
    )
    refused = assert_problem(await send(coordinator, text), 422)
    assert [e["loc"][2] for e in refused["errors"]] == [3, 4]
    # The message is the same whether the goal exists elsewhere or not at all.
    assert {e["msg"] for e in refused["errors"]} == {"names no goal that you may change"}
    partial = await send(coordinator, text, atomic="false")
    assert partial.json()["created"] == 1
    assert await stored(session) == [(goal.id, dt.date(2026, 10, 1), "", 1.0)]
    viewer = await sign_in(Role.viewer, school_ids=[school.id])
    assert_problem(await send(viewer, text), 403)
    partner = await sign_in(Role.partner, partner_id=(await make_partner(session)).id)
    assert_problem(await send(partner, text), 403)


async def test_a_file_longer_than_one_chunk_imports_and_reimports_unchanged(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    goals = [await make_goal(session), await make_goal(session)]
    start = dt.date(2000, 1, 1)
    rows = [
        f"{goals[n % 2].id},{start + dt.timedelta(days=n // 2)},{n},daily" for n in range(5_001)
    ]
    text = "goal_id,measured_on,value,source\n" + "\n".join(rows) + "\n"
    first = await send(client, text)
    assert first.status_code == 200, first.text
    assert first.json()["created"] == 5_001
    again = await send(client, text)
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 5_001)
    assert await latest_of(session, goals[0]) == (5_000.0, start + dt.timedelta(days=2500))
    assert await latest_of(session, goals[1]) == (4_999.0, start + dt.timedelta(days=2499))
