"""Coverage and gaps: scope, the bounds on every list, the query's refusals, the demo."""

import random

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.demo_goals import seed_demo_goals
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.goals.derived_factories import TODAY, YEAR, align, make_goal
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import assert_problem

METRICS = "/api/v1/metrics/alignment"


async def test_each_caller_counts_the_goals_in_their_scope(
    sign_in: SignIn, session: AsyncSession
) -> None:
    district = await make_district(session)
    mine, theirs = await make_school(session, district), await make_school(session, district)
    partner = await make_partner(session, focus_areas=["tutoring"])
    agreement = await make_agreement(session, partner, [mine], status="active")
    covered = await make_goal(session, district, mine, title="Covered")
    await align(session, covered, agreement)
    await make_goal(session, district, mine, title="Mine, uncovered")
    await make_goal(session, district, theirs, title="Theirs, uncovered")
    await make_goal(session, district, None, title="The district's")

    def totals(body: dict) -> tuple[int, int]:
        return body["totals"]["goals"], body["totals"]["gaps"]

    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    assert totals((await manager.get(METRICS)).json()) == (4, 3)
    coordinator = await sign_in(Role.coordinator, school_ids=[mine.id])
    # Their school's goals, and the district-wide goals their school works within.
    body = (await coordinator.get(METRICS)).json()
    assert totals(body) == (3, 2)
    assert {gap["title"] for gap in body["gaps"]} == {"Mine, uncovered", "The district's"}
    # A partner reads the goals its agreements are aligned to.
    as_partner = await sign_in(Role.partner, partner_id=partner.id)
    assert totals((await as_partner.get(METRICS)).json()) == (1, 0)
    assert_problem(await coordinator.get(METRICS, params={"school_id": str(theirs.id)}), 404)
    other = await make_district(session)
    assert_problem(await manager.get(METRICS, params={"district_id": str(other.id)}), 404)


async def test_lists_are_bounded(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    for n in range(4):
        partner = await make_partner(session, name=f"Tutor {n}", focus_areas=["tutoring"])
        await make_agreement(session, partner, [school], status="active")
    for n in range(3):
        await make_goal(session, district, school, title=f"Gap {n}", priority=n)
    body = (
        await client.get(
            METRICS, params={"school_id": str(school.id), "limit": 2, "suggestions": 3}
        )
    ).json()
    assert body["totals"]["gaps"] == 3
    assert [gap["title"] for gap in body["gaps"]] == ["Gap 0", "Gap 1"]
    for gap in body["gaps"]:
        assert [s["name"] for s in gap["suggested_partners"]] == ["Tutor 0", "Tutor 1", "Tutor 2"]
    assert len(body["unaligned_agreements"]) == 2
    assert body["unaligned_agreement_count"] == 4
    none = (
        await client.get(METRICS, params={"school_id": str(school.id), "suggestions": 0})
    ).json()
    assert all(gap["suggested_partners"] == [] for gap in none["gaps"])


async def test_a_school_and_a_district_together_read_that_school_in_that_district(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    await make_goal(session, district, school)
    await make_goal(session, district, await make_school(session, district))
    elsewhere = await make_district(session)
    alone = (await client.get(METRICS, params={"school_id": str(school.id)})).json()
    both = {"school_id": str(school.id), "district_id": str(school.district_id)}
    together = (await client.get(METRICS, params=both)).json()
    assert together["totals"] == alone["totals"]
    assert together["totals"]["goals"] == 1
    apart = {"school_id": str(school.id), "district_id": str(elsewhere.id)}
    assert (await client.get(METRICS, params=apart)).json()["totals"]["goals"] == 0


async def test_refuses_bad_queries(client: httpx.AsyncClient) -> None:
    for year in ("2026-28", "26-27", "2026-2027"):
        problem = assert_problem(await client.get(METRICS, params={"school_year": year}), 400)
        assert problem["errors"][0]["loc"] == ["query", "school_year"], year
    assert_problem(await client.get(METRICS, params={"limit": 0}), 400)
    assert_problem(await client.get(METRICS, params={"suggestions": 21}), 400)


async def test_the_demo_district_has_coverage_and_gaps(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    for level, code in (("elementary", 21), ("elementary", 21), ("middle", 12), ("high", 41)):
        await make_school(session, district, level=level, locale_code=code)
    made = await seed_demo_goals(session, district, random.Random(7), TODAY)
    assert 8 <= made <= 16
    body = (await client.get(METRICS, params={"district_id": str(district.id)})).json()
    assert body["school_year"] == YEAR
    assert body["totals"]["goals"] == made
    assert body["totals"]["covered"] > 0
    assert body["totals"]["gaps"] > 0
