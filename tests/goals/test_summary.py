"""The school summary as JSON and as a printable page."""

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.directory.models import District, School
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_district, make_person, make_school
from tests.goals.derived_factories import YEAR, align, days, make_goal
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import assert_problem

HTML = {"Accept": "text/html"}


def summary_url(school: School) -> str:
    return f"/api/v1/schools/{school.id}/summary"


async def _school_with_a_year(session: AsyncSession) -> tuple[District, School]:
    """8 goals and 10 partners: what the page must fit on two sheets."""
    district = await make_district(session)
    school = await make_school(session, district, name="Lincoln <Elementary>")
    principal = await make_person(session, family_name="Okafor")
    await make_assignment(session, principal, school=school, role="principal")
    partners = [await make_partner(session, name=f"Partner & Co {n}") for n in range(10)]
    agreements = [
        await make_agreement(session, partner, [school], status="active") for partner in partners
    ]
    for n in range(8):
        goal = await make_goal(
            session,
            district,
            school,
            title=f"Goal {n} <script>alert(1)</script>",
            priority=n + 1,
            partner_ask="Tutors for grade 3 & 4",
            reading=(days(-2), 55.0 + n) if n % 2 else None,
        )
        for agreement in (agreements[n], agreements[n + 4]) if n < 6 else ():
            await align(session, goal, agreement)
    return district, school


async def test_printable_page_escapes_and_prints(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, school = await _school_with_a_year(session)
    response = await client.get(summary_url(school), params={"school_year": YEAR}, headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Lincoln &lt;Elementary&gt;" in page
    assert "Partner &amp; Co 9" in page
    assert "@page { size: auto; margin: 12mm; }" in page
    assert "Okafor" in page
    # Two goals nobody helps with are listed as gaps, and marked in the goals table.
    gaps = page.split("Where we need partners", 1)[1]
    assert gaps.count("<li>") == 2
    assert page.count("none yet") == 2
    # Compact enough for two sheets: one table row per goal, no long prose.
    assert len(re.findall(r"<tr>", page)) == 1 + 1 + 8 + 1  # contacts head+row, goals, head
    assert len(page) < 20_000


async def test_json_and_html_each_have_their_etag(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    goal = await make_goal(session, district, school)
    url = summary_url(school)
    first = await client.get(url)
    page = await client.get(url, headers=HTML)
    tag, page_tag = first.headers["etag"], page.headers["etag"]
    assert tag != page_tag
    assert (await client.get(url, headers={"If-None-Match": tag})).status_code == 304
    assert (await client.get(url, headers=HTML | {"If-None-Match": page_tag})).status_code == 304
    # A new reading changes the summary, not the school: the tags still move.
    goal.latest_value, goal.last_measured_on = 65.0, days(-1)
    await session.flush()
    changed = await client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.json()["goals"][0]["progress"] == 0.75
    assert (await client.get(url, headers=HTML | {"If-None-Match": page_tag})).status_code == 200


async def test_whoever_reads_the_school_reads_its_summary(
    sign_in: SignIn, session: AsyncSession
) -> None:
    district, school = await _school_with_a_year(session)
    elsewhere = await make_school(session, await make_district(session))
    partner = await make_partner(session)
    await make_agreement(session, partner, [school], status="active")
    as_partner = await sign_in(Role.partner, partner_id=partner.id)
    body = (await as_partner.get(summary_url(school))).json()
    # A partner sees the school's goals and gaps, not the people working there.
    assert len(body["goals"]) == 8
    assert body["key_contacts"] == []
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    contacts = (await coordinator.get(summary_url(school))).json()["key_contacts"]
    assert [c["family_name"] for c in contacts] == ["Okafor"]
    assert contacts[0]["days_since_verified"] is None
    assert_problem(await coordinator.get(summary_url(elsewhere)), 404)
    assert_problem(await as_partner.get(summary_url(elsewhere), headers=HTML), 404)
    assert district.id


async def test_a_year_without_goals_and_a_bad_year(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    body = (await client.get(summary_url(school), params={"school_year": "1999-00"})).json()
    assert (body["school_year"], body["goals"], body["gaps"]) == ("1999-00", [], [])
    page = await client.get(summary_url(school), params={"school_year": "1999-00"}, headers=HTML)
    assert "No goals recorded for 1999-00." in page.text
    problem = assert_problem(
        await client.get(summary_url(school), params={"school_year": "1999-01"}), 400
    )
    assert problem["errors"][0]["loc"] == ["query", "school_year"]
