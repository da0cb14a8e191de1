"""The demo district shows a number at every level of the impact pyramid on first run."""

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest

from api.core.db import Database, create_database, create_engine
from api.core.scope import EVERYTHING
from api.demo import DEMO_ADMIN, seed_demo_district
from api.main import create_app
from api.mentoring.service.impact import impact_metrics
from api.mentoring.service.impact_scope import ImpactFilters
from tests.conftest import settings_for_tests


@pytest.fixture
async def demo(fresh_database_url: str) -> AsyncIterator[tuple[Database, str]]:
    said = await seed_demo_district(fresh_database_url, if_empty=False, seed=2026)
    password = re.search(rf"as {re.escape(DEMO_ADMIN)} with password (\S+)", said)
    assert password is not None
    database = create_database(create_engine(fresh_database_url))
    yield database, password.group(1)
    await database.engine.dispose()


def shown(figure: dict[str, Any], value: str = "value") -> None:
    assert figure["n"] >= 5, figure
    assert figure["withheld_reason"] is None, figure
    assert figure[value] is not None, figure


async def impact_as_the_demo_admin(database: Database, password: str, query: str = "") -> Any:
    app = create_app(settings_for_tests(), database=database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        token = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": DEMO_ADMIN, "password": password},
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        response = await client.get(f"/api/v1/metrics/mentoring{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_demo_admin_sees_every_level(demo: tuple[Database, str]) -> None:
    body = await impact_as_the_demo_admin(*demo)
    participation = body["participation"]
    assert participation["enrolled"]["mentors"] >= 5
    assert participation["enrolled"]["mentees"] >= 25
    shown(participation["check_ins_per_match_month"])
    shown(participation["cadence_adherence"])
    shown(participation["caseload"], "mean_caseload")
    assert body["satisfaction"]["items"]
    for item in body["satisfaction"]["items"]:
        shown(item["mean"])
        shown(item["response_rate"])
    (survey,) = body["growth"]["surveys"]
    shown(survey["change"], "mean_change")
    assert len(body["performance"]["dimensions"]) == 4
    for dimension in body["performance"]["dimensions"]:
        shown(dimension["change"], "p_value")
    retention = body["results"]["retention_12_months"]
    shown(retention["mentees"])
    shown(retention["comparison"])
    assert retention["difference"]["value"] is not None


@pytest.mark.parametrize("query", ["", "?from=2020-01-01&school_level=elementary"])
async def test_read_side_by_side_the_figures_equal_those_read_in_one_transaction(
    demo: tuple[Database, str], query: str
) -> None:
    """On PostgreSQL a read request spreads the pyramid over two connections; a script's
    transaction reads it on one. Both must give the same figures."""
    database, password = demo
    answered = await impact_as_the_demo_admin(database, password, query)
    filters = ImpactFilters(school_level=["elementary"] if query else ())
    start = dt.date(2020, 1, 1) if query else None
    async with database.sessionmaker() as session:
        read = await impact_metrics(session, EVERYTHING, filters, start, None, dt.date.today())
    assert answered == orjson.loads(orjson.dumps(read, default=str)), "figures differ"
