"""School-year rollover: unfinished goals continue as next year's drafts, once."""

import datetime as dt

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.goals.models import Alignment, Goal
from api.goals.vocabulary import next_school_year, school_year_start
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.goals.derived_factories import YEAR, align, days, make_goal
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import assert_problem

NEXT = next_school_year(YEAR)
NEXT_START = school_year_start(NEXT)


async def _goals_of(session: AsyncSession, year: str) -> list[Goal]:
    return list(await session.scalars(select(Goal).where(Goal.school_year == year)))


async def _count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_school_rollover_copies_unfinished_goals_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    partner = await make_partner(session)
    lasting = await make_agreement(
        session, partner, [school], status="active", end_date=NEXT_START + dt.timedelta(days=200)
    )
    ending = await make_agreement(
        session, partner, [school], status="active", end_date=NEXT_START - dt.timedelta(days=1)
    )
    ended = await make_agreement(
        session,
        partner,
        [school],
        status="terminated",
        end_date=NEXT_START + dt.timedelta(days=200),
    )
    measured = await make_goal(
        session,
        district,
        school,
        title="Measured",
        reading=(days(-3), 63.0),
        target_date=dt.date(2030, 5, 31),
        external_id="sis-goal-1",
    )
    unmeasured = await make_goal(session, district, school, title="Unmeasured", status="draft")
    await make_goal(session, district, school, title="Done", status="achieved")
    await make_goal(session, district, school, title="Dropped", status="dropped")
    for agreement in (lasting, ending, ended):
        await align(session, measured, agreement, contribution="Tutoring twice a week")
    url = f"/api/v1/schools/{school.id}/rollover"

    first = await client.post(url, params={"school_year": YEAR})
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["from_school_year"], body["to_school_year"], body["dry_run"]) == (
        YEAR,
        NEXT,
        False,
    )
    created = {row["title"]: row for row in body["created"]}
    assert set(created) == {"Measured", "Unmeasured"}
    assert created["Measured"]["alignments"] == [str(lasting.id)]
    assert {(row["title"], row["reason"]) for row in body["skipped"]} == {
        ("Done", "achieved"),
        ("Dropped", "dropped"),
    }
    copies = {goal.title: goal for goal in await _goals_of(session, NEXT)}
    copy = copies["Measured"]
    assert copy.status == "draft"
    assert copy.rolled_over_from_id == measured.id
    assert (copy.baseline_value, copy.baseline_date) == (63.0, days(-3))
    assert copy.target_date == dt.date(2031, 5, 31)
    assert copy.external_id is None
    assert copy.latest_value is None
    # No reading: the old baseline stands.
    plain = copies["Unmeasured"]
    assert (plain.baseline_value, plain.baseline_date) == (50.0, unmeasured.baseline_date)
    alignments = list(await session.scalars(select(Alignment).where(Alignment.goal_id == copy.id)))
    assert [(a.agreement_id, a.contribution) for a in alignments] == [
        (lasting.id, "Tutoring twice a week")
    ]
    events = await session.scalar(
        select(func.count()).select_from(Event).where(Event.resource_id.in_([copy.id, plain.id]))
    )
    assert events == 2

    goals_before, alignments_before = await _count(session, Goal), await _count(session, Alignment)
    again = (await client.post(url, params={"school_year": YEAR})).json()
    assert again["created"] == []
    assert {row["title"]: row["reason"] for row in again["skipped"]} == {
        "Measured": "already_rolled_over",
        "Unmeasured": "already_rolled_over",
        "Done": "achieved",
        "Dropped": "dropped",
    }
    assert (await _count(session, Goal), await _count(session, Alignment)) == (
        goals_before,
        alignments_before,
    )


async def test_dry_run_lists_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    await make_goal(session, district, school, title="Keep going", reading=(days(-1), 55.0))
    before = await _count(session, Goal)
    response = await client.post(
        f"/api/v1/schools/{school.id}/rollover", params={"school_year": YEAR, "dry_run": "true"}
    )
    assert response.status_code == 200, response.text
    (row,) = response.json()["created"]
    assert (row["title"], row["goal_id"], row["baseline_value"]) == ("Keep going", None, 55.0)
    assert await _count(session, Goal) == before
    assert await _goals_of(session, NEXT) == []


async def test_district_rollover_covers_its_own_and_its_schools_goals(
    sign_in: SignIn, session: AsyncSession
) -> None:
    district, other = await make_district(session), await make_district(session)
    school = await make_school(session, district)
    await make_goal(session, district, None, title="District goal")
    await make_goal(session, district, school, title="School goal")
    await make_goal(session, other, await make_school(session, other), title="Elsewhere")
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    response = await manager.post(
        f"/api/v1/districts/{district.id}/rollover", params={"school_year": YEAR}
    )
    assert response.status_code == 200, response.text
    assert sorted(row["title"] for row in response.json()["created"]) == [
        "District goal",
        "School goal",
    ]
    assert sorted(goal.title for goal in await _goals_of(session, NEXT)) == [
        "District goal",
        "School goal",
    ]


async def test_coordinator_rolls_over_only_their_schools_in_a_district(
    sign_in: SignIn, session: AsyncSession
) -> None:
    district = await make_district(session)
    mine, theirs = await make_school(session, district), await make_school(session, district)
    await make_goal(session, district, mine, title="Mine")
    await make_goal(session, district, theirs, title="Theirs")
    await make_goal(session, district, None, title="District's")
    coordinator = await sign_in(Role.coordinator, school_ids=[mine.id])
    body = (
        await coordinator.post(
            f"/api/v1/districts/{district.id}/rollover", params={"school_year": YEAR}
        )
    ).json()
    assert [row["title"] for row in body["created"]] == ["Mine"]


async def test_rollover_refuses_partners_and_bad_years(
    client: httpx.AsyncClient, sign_in: SignIn, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    partner = await make_partner(session)
    await make_agreement(session, partner, [school], status="active")
    url = f"/api/v1/schools/{school.id}/rollover"
    as_partner = await sign_in(Role.partner, partner_id=partner.id)
    assert_problem(await as_partner.post(url, params={"school_year": YEAR}), 403)
    problem = assert_problem(await client.post(url, params={"school_year": "2026-28"}), 400)
    assert problem["errors"][0]["loc"] == ["query", "school_year"]
    assert_problem(await client.post(url), 400)
    # The year after 9999-00 has no four-digit year to be written with.
    assert_problem(await client.post(url, params={"school_year": "9999-00"}), 400)
    assert (await client.post(url, params={"school_year": "9998-99"})).status_code == 200
