"""Agreements: list, filter, sort, page and export as CSV."""

import csv
import io

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.directory.factories import make_district, make_school
from tests.partners.factories import days, make_agreement, make_partner
from tests.partners.helpers import AGREEMENTS, assert_problem


async def test_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    north, south = await make_school(session, district), await make_school(session, district)
    elsewhere = await make_school(session)
    tutors = await make_partner(session, name="Tutors United")
    coaches = await make_partner(session, name="Coach Corps")
    agreements = {
        "draft": await make_agreement(session, tutors, [north], title="A draft"),
        "active": await make_agreement(
            session, tutors, [north, south], status="active", end_date=days(45), title="Soon"
        ),
        "ends-today": await make_agreement(
            session,
            coaches,
            [elsewhere],
            status="active",
            end_date=days(0),
            title="Today",
            services=[{"category": "mentoring"}],
        ),
        "expired": await make_agreement(
            session, coaches, [south], status="active", end_date=days(-1), title="Past"
        ),
        "wide": await make_agreement(
            session,
            coaches,
            district=district,
            status="active",
            end_date=days(400),
            title="Wide",
            services=[{"category": "health"}],
        ),
        "terminated": await make_agreement(
            session,
            tutors,
            [north],
            status="terminated",
            start_date=days(-100),
            end_date=days(100),
            terminated_on=days(-50),
            title="Ended early",
        ),
    }

    async def titles(query: str) -> set[str]:
        response = await client.get(f"{AGREEMENTS}?{query}&limit=500")
        assert response.status_code == 200, response.text
        return {item["title"] for item in response.json()["items"]}

    assert await titles("status=expired") == {"Past"}
    assert await titles("status=active") == {"Soon", "Today", "Wide"}
    assert await titles("status=draft&status=terminated") == {"A draft", "Ended early"}
    assert await titles(f"partner_id={coaches.id}") == {"Today", "Past", "Wide"}
    assert await titles(f"school_id={south.id}") == {"Soon", "Past"}
    assert await titles(f"district_id={district.id}") == {
        "A draft",
        "Soon",
        "Past",
        "Wide",
        "Ended early",
    }
    assert await titles("service_category=mentoring&service_category=health") == {"Today", "Wide"}
    assert await titles("expiring_within_days=0") == {"Today"}
    assert await titles("expiring_within_days=44") == {"Today"}
    assert await titles("expiring_within_days=45") == {"Today", "Soon"}
    assert await titles(f"active_on={days(-60)}") == {"Ended early"}
    assert await titles(f"active_on={days(-40)}") == set()
    assert await titles(f"active_on={days(-1)}") == {"Soon", "Today", "Past", "Wide"}
    assert await titles(f"active_on={days(0)}") == {"Soon", "Today", "Wide"}
    assert await titles(f"active_on={days(100)}") == {"Wide"}
    assert await titles("q=coach") == {"Today", "Past", "Wide"}
    assert await titles("q=SOON") == {"Soon"}
    assert agreements["draft"].id


async def test_sorting_and_cursor_pages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    for n in range(5):
        await make_agreement(session, partner, [school], title=f"T{n}", end_date=days(100 - n))
    seen: list[str] = []
    url: str | None = f"{AGREEMENTS}?partner_id={partner.id}&limit=2&include_total=true"
    while url:
        response = await client.get(url)
        assert response.headers["x-total-count"] == "5"
        seen += [item["title"] for item in response.json()["items"]]
        link = response.headers.get("link")
        url = link[1 : link.index(">")] if link else None
    assert seen == ["T4", "T3", "T2", "T1", "T0"]
    by_title = await client.get(f"{AGREEMENTS}?partner_id={partner.id}&sort=-title&limit=2")
    assert [i["title"] for i in by_title.json()["items"]] == ["T4", "T3"]
    assert_problem(await client.get(f"{AGREEMENTS}?sort=partner_id"), 400)
    assert_problem(await client.get(f"{AGREEMENTS}?expiring_within_days=-1"), 400)
    assert_problem(await client.get(f"{AGREEMENTS}?colour=blue"), 400)


async def test_csv_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    partner = await make_partner(session)
    school = await make_school(session)
    await make_agreement(
        session, partner, [school], title="Gone", status="active", end_date=days(-3)
    )
    response = await client.get(
        f"{AGREEMENTS}?partner_id={partner.id}", headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert (row["title"], row["status"]) == ("Gone", "expired")
