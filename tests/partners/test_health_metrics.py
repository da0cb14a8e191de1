"""Partnership rollups by district, school, partner and service, against figures worked by hand."""

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import District, School
from api.partners.models import Partner
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.partners.factories import days, make_agreement, make_interaction, make_partner
from tests.partners.helpers import assert_problem

METRICS = "/api/v1/metrics/partnerships"


def rollup(
    counts: dict[str, int],
    expiring: tuple[int, int, int],
    n: int,
    overdue: int,
    students: int,
    funding: float = 0,
    in_kind: float = 0,
    volunteer: float = 0,
    staff: float = 0,
) -> dict[str, Any]:
    statuses = ["draft", "proposed", "active", "expired", "terminated", "withdrawn"]
    return {
        "agreements": {s: counts.get(s, 0) for s in statuses} | {"total": sum(counts.values())},
        "expiring": dict(
            zip(["within_30_days", "within_60_days", "within_90_days"], expiring, strict=True)
        ),
        "overdue": {"n": n, "overdue": overdue, "share": round(overdue / n, 4) if n else None},
        "students_served_target": students,
        "funding_usd": funding,
        "in_kind_usd": in_kind,
        "volunteer_hours": volunteer,
        "staff_hours": staff,
    }


@dataclass
class Fixture:
    d1: District
    d2: District
    s1: School
    s2: School
    s3: School
    alpha: Partner
    beta: Partner


@pytest.fixture
async def fixture(session: AsyncSession) -> Fixture:
    """Eight agreements, two districts, three schools, two partners (see the expectations)."""
    d1, d2 = await make_district(session, name="D1"), await make_district(session, name="D2")
    s1, s2 = await make_school(session, d1, name="S1"), await make_school(session, d1, name="S2")
    s3 = await make_school(session, d2, name="S3")
    alpha, beta = (
        await make_partner(session, name="Alpha"),
        await make_partner(session, name="Beta"),
    )
    old = days(-400)
    a1 = await make_agreement(
        session,
        alpha,
        [s1],
        status="active",
        start_date=old,
        end_date=days(20),
        cadence="weekly",
        services=[
            {"category": "tutoring", "target_students": 30},
            {"category": "mentoring", "target_students": 10},
        ],
        resources=[{"type": "funding", "amount": 1000}, {"type": "volunteer_hours", "amount": 50}],
    )
    await make_interaction(session, a1, occurred_on=days(-20))
    a2 = await make_agreement(
        session,
        alpha,
        [s1, s2],
        status="active",
        start_date=old,
        end_date=days(50),
        cadence="monthly",
        services=[{"category": "tutoring", "target_students": 20}],
        resources=[{"type": "in_kind", "amount": 500}],
    )
    await make_interaction(session, a2, occurred_on=days(-5))
    await make_agreement(
        session,
        beta,
        [s3],
        status="active",
        start_date=old,
        end_date=days(80),
        services=[{"category": "health", "target_students": 100}],
        resources=[{"type": "funding", "amount": 2000}, {"type": "staff_time", "amount": 10}],
    )
    await make_agreement(
        session,
        beta,
        district=d1,
        status="active",
        start_date=days(-200),
        end_date=days(200),
        cadence="quarterly",
        services=[{"category": "family_engagement"}],
        resources=[{"type": "funding", "amount": 300}],
    )
    await make_agreement(
        session,
        alpha,
        [s2],
        status="active",
        start_date=old,
        end_date=days(-1),
        services=[{"category": "tutoring", "target_students": 99}],
        resources=[{"type": "funding", "amount": 9999}],
    )
    await make_agreement(
        session, beta, [s3], services=[{"category": "mentoring", "target_students": 7}]
    )
    await make_agreement(
        session,
        alpha,
        [s3],
        status="terminated",
        terminated_on=days(-3),
        services=[{"category": "tutoring", "target_students": 5}],
    )
    await make_agreement(session, beta, [s1], status="withdrawn", services=[])
    return Fixture(d1, d2, s1, s2, s3, alpha, beta)


# rollup(agreements by status, expiring within 30/60/90 days, n, overdue, students served,
#        funding, in kind, volunteer hours, staff hours), each worked by hand from the fixture.
ALL = {"draft": 1, "active": 4, "expired": 1, "terminated": 1, "withdrawn": 1}
TOTALS = rollup(ALL, (1, 2, 3), 3, 2, 160, 3300, 500, 50, 10)
D1 = rollup({"active": 3, "expired": 1, "withdrawn": 1}, (1, 2, 2), 3, 2, 60, 1300, 500, 50)
D2 = rollup({"active": 1, "draft": 1, "terminated": 1}, (0, 0, 1), 0, 0, 100, 2000, staff=10)
GROUPS = {
    "school": [
        ("S1", rollup({"active": 2, "withdrawn": 1}, (1, 2, 2), 2, 1, 60, 1000, 500, 50)),
        ("S3", D2),  # the only school in D2
        ("S2", rollup({"active": 1, "expired": 1}, (0, 1, 1), 1, 0, 20, in_kind=500)),
    ],
    "partner": [
        (
            "Alpha",
            rollup(
                {"active": 2, "expired": 1, "terminated": 1}, (1, 2, 2), 2, 1, 60, 1000, 500, 50
            ),
        ),
        (
            "Beta",
            rollup({"active": 2, "draft": 1, "withdrawn": 1}, (0, 0, 1), 1, 1, 100, 2300, staff=10),
        ),
    ],
    "service_category": [
        (
            "tutoring",
            rollup(
                {"active": 2, "expired": 1, "terminated": 1}, (1, 2, 2), 2, 1, 50, 1000, 500, 50
            ),
        ),
        ("mentoring", rollup({"active": 1, "draft": 1}, (1, 1, 1), 1, 1, 10, 1000, volunteer=50)),
        ("family_engagement", rollup({"active": 1}, (0, 0, 0), 1, 1, 0, 300)),
        ("health", rollup({"active": 1}, (0, 0, 1), 0, 0, 100, 2000, staff=10)),
    ],
}


async def metrics(client: httpx.AsyncClient, query: str = "") -> dict[str, Any]:
    response = await client.get(f"{METRICS}?{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def grouped(body: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    return [
        (group.pop("name"), {k: v for k, v in group.items() if k != "key"})
        for group in body["groups"]
    ]


async def test_totals_and_by_district(client: httpx.AsyncClient, fixture: Fixture) -> None:
    body = await metrics(client)
    assert body["as_of"] == str(days(0))
    assert body["group_by"] == "district"
    assert body["totals"] == TOTALS
    assert grouped(body) == [("D1", D1), ("D2", D2)]
    assert body["groups"][0]["key"] == str(fixture.d1.id)


@pytest.mark.parametrize("group_by", GROUPS)
async def test_grouped(client: httpx.AsyncClient, fixture: Fixture, group_by: str) -> None:
    body = await metrics(client, f"group_by={group_by}")
    assert grouped(body) == GROUPS[group_by]


async def test_filtered_to_a_district(client: httpx.AsyncClient, fixture: Fixture) -> None:
    body = await metrics(client, f"district_id={fixture.d2.id}&group_by=school")
    assert body["totals"] == D2
    assert [name for name, _ in grouped(body)] == ["S3"]
    by_district = await metrics(client, f"district_id={fixture.d1.id}")
    assert by_district["totals"] == D1
    assert grouped(by_district) == [("D1", D1)]
    limited = await metrics(client, "group_by=school&limit=1")
    assert [g["name"] for g in limited["groups"]] == ["S1"]
    assert_problem(await client.get(f"{METRICS}?group_by=planet"), 400)


async def test_by_school_filtered_to_schools(
    client: httpx.AsyncClient, fixture: Fixture, sign_in: SignIn
) -> None:
    # The agreements naming S1 are S1's group, and nothing else.
    body = await metrics(client, f"group_by=school&school_id={fixture.s1.id}")
    assert grouped(body) == [("S1", body["totals"])]
    coordinator = await sign_in(Role.coordinator, school_ids=[fixture.s2.id])
    own = await metrics(coordinator, f"group_by=school&school_id={fixture.s2.id}")
    assert [name for name, _ in grouped(own)] == ["S2"]


async def test_rollups_are_scoped(fixture: Fixture, sign_in: SignIn) -> None:
    coordinator = await sign_in(Role.coordinator, school_ids=[fixture.s2.id])
    # S2's own agreements, and the district-wide one for its district.
    body = await metrics(coordinator)
    assert body["totals"]["agreements"] | {} == {
        "draft": 0,
        "proposed": 0,
        "active": 2,
        "expired": 1,
        "terminated": 0,
        "withdrawn": 0,
        "total": 3,
    }
    partner = await sign_in(Role.partner, partner_id=fixture.beta.id)
    assert (await metrics(partner))["totals"]["agreements"]["total"] == 4
    manager = await sign_in(Role.district_manager, district_ids=[fixture.d2.id])
    assert (await metrics(manager))["totals"] == D2


async def test_nothing_in_scope_is_all_zeros(sign_in: SignIn, session: AsyncSession) -> None:
    partner = await sign_in(Role.partner, partner_id=(await make_partner(session)).id)
    for group in ("district", "school"):
        body = await metrics(partner, f"group_by={group}")
        assert body["groups"] == []
        assert body["totals"] == rollup({}, (0, 0, 0), n=0, overdue=0, students=0)
