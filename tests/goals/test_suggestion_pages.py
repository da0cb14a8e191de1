"""Suggestions read partners from elsewhere by name a page at a time: the ranking is the
same whatever the page size, with ties ordered by name as code points compare."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.goals.service import suggestions
from tests.directory.factories import make_district, make_school
from tests.goals.derived_factories import YEAR, make_goal
from tests.partners.factories import make_agreement, make_partner

METRICS = "/api/v1/metrics/alignment"
TUTORING = ({"category": "tutoring", "target_students": 10},)


async def _fixture(session: AsyncSession) -> str:
    home, away = await make_district(session), await make_district(session)
    school = await make_school(session, home, level="elementary", locale_code=21)
    alike = await make_school(session, away, level="elementary", locale_code=21)
    unlike = await make_school(
        session, away, level="high", grade_low="09", grade_high="12", locale_code=11
    )
    for name, focus, status, where in (
        ("beta", [], "active", alike),
        ("Zed", ["tutoring"], "active", alike),
        ("Émile", [], "active", alike),
        ("alpha", [], "active", alike),
        ("Alpha", [], "active", alike),
        ("Aardvark", ["tutoring"], "inactive", alike),
        ("Abbot", ["tutoring"], "active", unlike),
    ):
        partner = await make_partner(session, name=name, focus_areas=focus, status=status)
        await make_agreement(session, partner, [where], services=TUTORING, status="active")
    mentors = await make_partner(session, name="Mentors at home", focus_areas=[])
    await make_agreement(
        session,
        mentors,
        [school],
        services=({"category": "mentoring", "target_students": 5},),
        status="active",
    )
    await make_goal(
        session, home, school, title="Reading", area="ela", priority=1, asked_services=["tutoring"]
    )
    return str(home.id)


@pytest.mark.parametrize("page", [1, 2, 250])
async def test_pages_of_any_size_rank_alike(
    client: httpx.AsyncClient,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    page: int,
) -> None:
    monkeypatch.setattr(suggestions, "FIRST_PAGE", page)
    district_id = await _fixture(session)

    async def suggested(count: int) -> list[tuple[str, int]]:
        response = await client.get(
            METRICS,
            params={"district_id": district_id, "school_year": YEAR, "suggestions": count},
        )
        assert response.status_code == 200, response.text
        [gap] = response.json()["gaps"]
        return [(s["name"], s["score"]) for s in gap["suggested_partners"]]

    # Zed's focus fits too; the others tie at 5 and go by code point, capitals first.
    assert await suggested(3) == [("Zed", 6), ("Alpha", 5), ("alpha", 5)]
    assert await suggested(20) == [
        ("Zed", 6),
        ("Alpha", 5),
        ("alpha", 5),
        ("beta", 5),
        ("Émile", 5),
    ]
