"""Goals: merge patch with If-Match, delete, bulk upsert, who changes and reads which, events."""

import datetime as dt
import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.goals.models import Alignment
from tests.conftest import SignIn
from tests.directory.factories import make_school
from tests.goals.factories import make_alignment, make_goal
from tests.goals.helpers import GOALS, a_school, goal_body, written
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import assert_problem, error_locs, events_for


async def test_merge_patch_and_if_match(client: httpx.AsyncClient, session: AsyncSession) -> None:
    home, school = await a_school(session)
    other = await make_school(session)
    goal = await make_goal(
        session,
        home,
        school,
        metric="Attendance",
        baseline_date=dt.date(2026, 9, 1),
        target_date=dt.date(2027, 6, 1),
    )
    url = f"{GOALS}/{goal.id}"
    etag = (await client.get(url)).headers["etag"]
    patched = await client.patch(
        url, json={"metric": None, "status": "achieved"}, headers={"If-Match": etag}
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["metric"], patched.json()["status"], patched.json()["version"]) == (
        None,
        "achieved",
        2,
    )
    assert_problem(await client.patch(url, json={"title": "x"}, headers={"If-Match": etag}), 412)
    before = await written(session)
    for change, loc in (
        ({"target_date": "2026-08-01"}, ["body", "target_date"]),
        ({"title": None}, ["body"]),
        ({"school_year": "2026-2027"}, ["body", "school_year"]),
        ({"district_id": str(other.district_id)}, ["body", "district_id"]),
    ):
        response = await client.patch(url, json=change)
        assert_problem(response, 422)
        assert error_locs(response)[0][: len(loc)] == loc, change
    assert await written(session) == before
    moved = await client.patch(url, json={"school_id": str(other.id)})
    assert (moved.json()["school_id"], moved.json()["district_id"]) == (
        str(other.id),
        str(other.district_id),
    )
    to_district = await client.patch(url, json={"school_id": None})
    assert (to_district.json()["school_id"], to_district.json()["district_id"]) == (
        None,
        str(other.district_id),
    )
    move_event = (await events_for(session, goal.id))[-2]
    assert (move_event.school_id, move_event.changes["school_id"]) == (
        other.id,
        [str(school.id), str(other.id)],
    )


async def test_delete_takes_alignments_with_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    home, school = await a_school(session)
    goal = await make_goal(session, home, school)
    agreement = await make_agreement(session, await make_partner(session), [school])
    alignment = await make_alignment(session, goal, agreement)
    url = f"{GOALS}/{goal.id}"
    assert_problem(await client.delete(url, headers={"If-Match": '"7"'}), 412)
    assert (await client.delete(url, headers={"If-Match": '"1"'})).status_code == 204
    assert_problem(await client.get(url), 404)
    assert await session.scalar(select(Alignment.id).where(Alignment.id == alignment.id)) is None
    assert [e.operation for e in await events_for(session, goal.id)] == ["delete"]
    (tombstone,) = await events_for(session, alignment.id)
    assert (tombstone.resource, tombstone.operation, tombstone.school_id) == (
        "alignments",
        "delete",
        school.id,
    )


async def test_bulk_upsert_by_external_id(client: httpx.AsyncClient, session: AsyncSession) -> None:
    home, school = await a_school(session)
    kept = await make_goal(session, home, school, external_id="sis-1")
    rows = [
        # A school goal's row may name no district: it is the school's.
        goal_body(school.id, external_id="sis-1", title="Renamed", district_id=None),
        goal_body(school.id, external_id="sis-2", title="Brand new"),
        goal_body(school.id, external_id="sis-3", target_date="2020-01-01"),
        goal_body(None, external_id="sis-4"),
    ]
    response = await client.post(f"{GOALS}/bulk", json={"items": rows})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["updated", "created", "error", "error"]
    assert results[0]["id"] == str(kept.id)
    assert results[2]["errors"][0]["loc"] == ["target_date"]
    assert results[3]["errors"][0]["loc"] == ["body", "district_id"]
    assert (await client.get(f"{GOALS}/{kept.id}")).json()["title"] == "Renamed"
    created = await client.get(f"{GOALS}/{results[1]['id']}")
    assert (created.json()["district_id"], created.json()["asked_services"]) == (
        str(school.district_id),
        ["tutoring", "mentoring"],
    )
    (event,) = await events_for(session, uuid.UUID(results[1]["id"]))
    assert (event.operation, event.school_id) == ("create", school.id)
    before = await written(session)
    atomic = await client.post(f"{GOALS}/bulk?atomic=true", json={"items": rows})
    assert_problem(atomic, 422)
    assert await written(session) == before


async def test_partners_read_only_the_goals_their_agreements_align_to(
    sign_in: SignIn, session: AsyncSession
) -> None:
    home, school = await a_school(session)
    partner = await make_partner(session)
    agreement = await make_agreement(session, partner, [school], status="active")
    aligned = await make_goal(session, home, school, title="Aligned")
    hidden = await make_goal(session, home, school, title="Not aligned")
    await make_alignment(session, aligned, agreement)
    as_partner = await sign_in(Role.partner, partner_id=partner.id)
    listed = (await as_partner.get(GOALS)).json()["items"]
    assert [item["title"] for item in listed] == ["Aligned"]
    assert (await as_partner.get(f"{GOALS}/{aligned.id}")).status_code == 200
    assert_problem(await as_partner.get(f"{GOALS}/{hidden.id}"), 404)
    assert_problem(await as_partner.patch(f"{GOALS}/{aligned.id}", json={"title": "x"}), 403)
    viewer = await sign_in(Role.viewer, district_ids=[school.district_id])
    assert len((await viewer.get(GOALS)).json()["items"]) == 2
    assert_problem(await viewer.delete(f"{GOALS}/{hidden.id}"), 403)


async def test_coordinators_change_their_schools_goals_only(
    sign_in: SignIn, session: AsyncSession
) -> None:
    home, school = await a_school(session)
    district_goal = await make_goal(session, home)
    own = await make_goal(session, home, school)
    elsewhere = await make_goal(session, home, await make_school(session, home))
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    titles = {item["id"] for item in (await coordinator.get(GOALS)).json()["items"]}
    assert titles == {str(district_goal.id), str(own.id)}
    assert (await coordinator.patch(f"{GOALS}/{own.id}", json={"priority": 2})).status_code == 200
    assert_problem(await coordinator.patch(f"{GOALS}/{district_goal.id}", json={}), 403)
    assert_problem(await coordinator.patch(f"{GOALS}/{elsewhere.id}", json={}), 404)
    # Nor may a goal of theirs be moved out of their reach.
    moved = await coordinator.patch(f"{GOALS}/{own.id}", json={"school_id": None})
    assert_problem(moved, 403)


async def test_goal_events_reach_who_reads_the_goal(
    sign_in: SignIn, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district, school = await a_school(session)
    other = await make_school(session, district)
    made = [
        (await client.post(GOALS, json=goal_body(school.id))).json()["id"],
        (await client.post(GOALS, json=goal_body(other.id))).json()["id"],
        (await client.post(GOALS, json=goal_body(district_id=str(district.id)))).json()["id"],
    ]
    ours, _, district_goal = made

    async def seen(caller: httpx.AsyncClient) -> set[str]:
        response = await caller.get("/api/v1/events?resource=goals&limit=500")
        assert response.status_code == 200, response.text
        return {item["resource_id"] for item in response.json()["items"]} & set(made)

    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    assert await seen(coordinator) == {ours, district_goal}
    assert await seen(manager) == set(made)
