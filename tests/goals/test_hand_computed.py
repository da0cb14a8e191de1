"""Coverage, gaps, suggestions and the school summary against figures worked out by hand.

The fixture: district D with schools S1 and S2 (elementary, suburban) and S3 (high,
city); district E with T1, a school like S1. Agreements: A1 active at S1 (tutoring),
A2 expired at S1 (health), A3 terminated at S1 (mentoring), A4 district-wide in D
(family engagement), A5 active at T1 (tutoring), A6 active at S3 (enrichment), A7
active in D from an inactive partner.

Goals of the year in D (priority in brackets):
  G1 S1 math [1], increase 50 -> 70, reading 60 today, aligned A1        covered
  G2 S1 attendance [2], decrease 20 -> 10, reading 18 today, aligned A2  gap (expired)
  G3 S1 sel_wellbeing [3], no readings, asks mental_health, aligned A3   gap (terminated)
  G4 S1 family_engagement [4], no readings, aligned A4 (district-wide)   covered
  G5 S1 ela [5], draft, nothing aligned                                  not active
  G6 S1 math, achieved, aligned A1                                       covered, not active
  G7 S2 ela [1], asks tutoring, nothing aligned (A4 covers only G4)      gap
  G8 D's own science goal, nothing aligned                               gap
and G9, S1's math goal of another year, counted nowhere.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import District, School
from api.partners.models import Agreement, Partner
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.goals.derived_factories import TODAY, YEAR, align, days, make_goal
from tests.partners.factories import make_agreement, make_partner

METRICS = "/api/v1/metrics/alignment"


@dataclass
class Fixture:
    d: District
    s1: School
    s2: School
    partners: dict[str, Partner]
    agreements: dict[str, Agreement]
    goals: dict[str, Any]


def service(category: str) -> tuple[dict[str, Any], ...]:
    return ({"category": category, "target_students": 10},)


@pytest.fixture
async def fixture(session: AsyncSession) -> Fixture:
    d, e = await make_district(session), await make_district(session)
    s1 = await make_school(session, d, level="elementary", locale_code=21)
    s2 = await make_school(session, d, level="elementary", locale_code=21)
    s3 = await make_school(
        session, d, level="high", grade_low="09", grade_high="12", locale_code=11
    )
    t1 = await make_school(session, e, level="elementary", locale_code=21)
    p = {
        name: await make_partner(session, name=name, focus_areas=focus, **extra)
        for name, focus, extra in (
            ("Alpha Tutors", ["tutoring"], {}),
            ("Beta Health", ["health"], {}),
            ("Gamma Mentors", ["mentoring"], {}),
            ("Delta District", ["family_engagement"], {}),
            ("Epsilon Far", [], {}),
            ("Zeta Enrichment", ["enrichment"], {}),
            ("Eta Inactive", ["tutoring"], {"status": "inactive"}),
        )
    }
    a = {
        "A1": await make_agreement(
            session, p["Alpha Tutors"], [s1], services=service("tutoring"), status="active"
        ),
        "A2": await make_agreement(
            session,
            p["Beta Health"],
            [s1],
            services=service("health"),
            status="active",
            start_date=days(-400),
            end_date=days(-5),
        ),
        "A3": await make_agreement(
            session,
            p["Gamma Mentors"],
            [s1],
            services=service("mentoring"),
            status="terminated",
            terminated_on=days(-10),
        ),
        "A4": await make_agreement(
            session,
            p["Delta District"],
            district=d,
            services=service("family_engagement"),
            status="active",
        ),
        "A5": await make_agreement(
            session, p["Epsilon Far"], [t1], services=service("tutoring"), status="active"
        ),
        "A6": await make_agreement(
            session, p["Zeta Enrichment"], [s3], services=service("enrichment"), status="active"
        ),
        "A7": await make_agreement(
            session, p["Eta Inactive"], [s3], services=service("tutoring"), status="active"
        ),
    }
    g = {
        "G1": await make_goal(
            session, d, s1, title="Math proficiency", priority=1, reading=(TODAY, 60.0)
        ),
        "G2": await make_goal(
            session,
            d,
            s1,
            title="Chronic absence",
            area="attendance",
            priority=2,
            direction="decrease",
            baseline_value=20.0,
            target_value=10.0,
            reading=(TODAY, 18.0),
        ),
        "G3": await make_goal(
            session,
            d,
            s1,
            title="Belonging",
            area="sel_wellbeing",
            priority=3,
            asked_services=["mental_health"],
            partner_ask="Counselling groups for grades 3-5",
        ),
        "G4": await make_goal(
            session,
            d,
            s1,
            title="Family nights",
            area="family_engagement",
            priority=4,
            baseline_value=10.0,
            target_value=30.0,
        ),
        "G5": await make_goal(
            session, d, s1, title="Reading plan", area="ela", priority=5, status="draft"
        ),
        "G6": await make_goal(session, d, s1, title="Fact fluency", status="achieved"),
        "G7": await make_goal(
            session,
            d,
            s2,
            title="Reading at grade level",
            area="ela",
            priority=1,
            asked_services=["tutoring"],
        ),
        "G8": await make_goal(session, d, None, title="Science labs", area="science"),
        "G9": await make_goal(session, d, s1, title="Last year", school_year="2001-02"),
    }
    for goal, agreement in (("G1", "A1"), ("G2", "A2"), ("G3", "A3"), ("G4", "A4"), ("G6", "A1")):
        await align(
            session, g[goal], a[agreement], strength="primary" if goal == "G1" else "supporting"
        )
    await align(
        session, g["G9"], a["A6"]
    )  # another year's goal: A6 still supports none of this year's
    principal = await make_person(
        session,
        given_name="Ada",
        family_name="Lovelace",
        verified_at=dt.datetime.combine(days(-12), dt.time(12), tzinfo=dt.UTC),
    )
    await make_assignment(session, principal, school=s1, role="principal")
    coordinator = await make_person(session, given_name="Grace", family_name="Hopper")
    await make_assignment(session, coordinator, school=s1, role="partnerships_coordinator")
    return Fixture(d, s1, s2, p, a, g)


def suggested(gap: dict[str, Any]) -> list[tuple[str, int, list[str]]]:
    return [(s["name"], s["score"], s["reasons"]) for s in gap["suggested_partners"]]


async def test_district_coverage_gaps_and_suggestions(
    client: httpx.AsyncClient, fixture: Fixture
) -> None:
    f = fixture
    response = await client.get(METRICS, params={"district_id": str(f.d.id), "school_year": YEAR})
    assert response.status_code == 200, response.text
    body = response.json()
    areas = {a["area"]: (a["goals"], a["active"], a["covered"], a["gaps"]) for a in body["areas"]}
    assert areas == {
        "attendance": (1, 1, 0, 1),
        "ela": (2, 1, 0, 1),
        "family_engagement": (1, 1, 1, 0),
        "math": (2, 1, 2, 0),
        "science": (1, 1, 0, 1),
        "sel_wellbeing": (1, 1, 0, 1),
    }
    assert body["totals"] == {"goals": 8, "active": 6, "covered": 3, "gaps": 4, "coverage": 0.3333}
    gaps = body["gaps"]
    assert [gap["title"] for gap in gaps] == [
        "Reading at grade level",
        "Chronic absence",
        "Belonging",
        "Science labs",
    ]
    by_title = {gap["title"]: gap for gap in gaps}
    assert suggested(by_title["Reading at grade level"]) == [
        (
            "Alpha Tutors",
            9,
            [
                "offers_asked_service",
                "focus_area_fits",
                "works_in_district",
                "works_at_similar_schools",
            ],
        ),
        ("Epsilon Far", 5, ["offers_asked_service", "works_at_similar_schools"]),
    ]
    assert suggested(by_title["Chronic absence"]) == [
        ("Delta District", 6, ["offers_service_for_area", "focus_area_fits", "works_in_district"]),
    ]
    assert suggested(by_title["Belonging"]) == []
    assert suggested(by_title["Science labs"]) == [
        ("Alpha Tutors", 6, ["offers_service_for_area", "focus_area_fits", "works_in_district"]),
        ("Zeta Enrichment", 6, ["offers_service_for_area", "focus_area_fits", "works_in_district"]),
    ]
    unaligned = {row["agreement_id"] for row in body["unaligned_agreements"]}
    assert unaligned == {str(f.agreements["A6"].id), str(f.agreements["A7"].id)}
    assert body["unaligned_agreement_count"] == 2


async def test_school_coverage_counts_only_its_goals(
    client: httpx.AsyncClient, fixture: Fixture
) -> None:
    body = (await client.get(METRICS, params={"school_id": str(fixture.s1.id)})).json()
    assert body["school_year"] == YEAR
    assert body["totals"] == {"goals": 6, "active": 4, "covered": 3, "gaps": 2, "coverage": 0.5}
    assert [gap["title"] for gap in body["gaps"]] == ["Chronic absence", "Belonging"]
    # At S1 every live agreement (A1 and the district-wide A4) supports a goal.
    assert body["unaligned_agreements"] == []


async def test_summary_figures(client: httpx.AsyncClient, fixture: Fixture) -> None:
    f = fixture
    response = await client.get(f"/api/v1/schools/{f.s1.id}/summary", params={"school_year": YEAR})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["school"]["id"] == str(f.s1.id)
    assert body["school"]["district"]["id"] == str(f.d.id)
    contacts = {c["family_name"]: c["days_since_verified"] for c in body["key_contacts"]}
    assert contacts == {"Lovelace": 12, "Hopper": None}
    goals = {g["title"]: g for g in body["goals"]}
    assert [g["title"] for g in body["goals"]] == [
        "Math proficiency",
        "Chronic absence",
        "Belonging",
        "Family nights",
        "Reading plan",
        "Fact fluency",
    ]
    math, absence, belonging, family = (
        goals[t] for t in ("Math proficiency", "Chronic absence", "Belonging", "Family nights")
    )
    assert (math["progress"], math["on_track"], math["covered"]) == (0.5, True, True)
    # (18 - 20) / (10 - 20); the line expects 15 today, and 18 is above it.
    assert (absence["progress"], absence["on_track"], absence["covered"]) == (0.2, False, False)
    assert (belonging["progress"], belonging["progress_reason"]) == (None, "no_readings")
    assert belonging["partner_ask"] == "Counselling groups for grades 3-5"
    assert belonging["asked_services"] == ["mental_health"]
    assert [(a["partner_name"], a["status"], a["active"]) for a in belonging["aligned"]] == [
        ("Gamma Mentors", "terminated", False)
    ]
    assert [(a["partner_name"], a["status"], a["active"]) for a in absence["aligned"]] == [
        ("Beta Health", "expired", False)
    ]
    assert [(a["partner_name"], a["strength"]) for a in math["aligned"]] == [
        ("Alpha Tutors", "primary")
    ]
    assert (family["covered"], family["progress_reason"]) == (True, "no_readings")
    assert [g["title"] for g in body["gaps"]] == ["Chronic absence", "Belonging"]
    assert [(p["name"], p["goals"]) for p in body["partners"]] == [
        ("Alpha Tutors", 2),
        ("Beta Health", 1),
        ("Delta District", 1),
        ("Gamma Mentors", 1),
    ]
