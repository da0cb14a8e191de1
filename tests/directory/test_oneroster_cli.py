"""`trellis import oneroster`: the summary, the exit codes, the events of what it wrote."""

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.cli import app
from api.core.db import create_database, create_engine
from api.core.events import Event
from api.directory.models import Person, RoleAssignment
from api.settings import get_settings
from tests.directory.oneroster_zips import ORGS, district_zip, manifest, zipped

runner = CliRunner()


@pytest.fixture
def database_url(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TRELLIS_DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    yield fresh_database_url
    get_settings.cache_clear()


def count(url: str, model: Any) -> int:
    async def counted() -> int:
        database = create_database(create_engine(url))
        try:
            async with database.sessionmaker() as session:
                return int(await session.scalar(select(func.count()).select_from(model)) or 0)
        finally:
            await database.engine.dispose()

    return asyncio.run(counted())


def test_import_writes_the_roster_with_its_events(database_url: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.zip"
    roster.write_bytes(district_zip())
    result = runner.invoke(app, ["import", "oneroster", str(roster), "--state", "CA"])
    assert result.exit_code == 0, result.output
    assert "OneRoster 1.2" in result.output
    assert "2 students and family members" in result.output
    assert count(database_url, Person) == 4
    assert count(database_url, RoleAssignment) == 6
    assert count(database_url, Event) == 1 + 2 + 4 + 6

    again = runner.invoke(app, ["import", "oneroster", str(roster), "--state", "CA"])
    assert again.exit_code == 0, again.output
    assert count(database_url, Event) == 13


def test_a_refused_import_writes_nothing_and_says_why(database_url: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.zip"
    roster.write_bytes(zipped({"manifest.csv": manifest(), "orgs.csv": ORGS}))
    result = runner.invoke(app, ["import", "oneroster", str(roster), "--state", "CA"])
    assert result.exit_code == 2
    assert "users.csv is missing" in result.output
    assert "Nothing was imported." in result.output
    bad_id = runner.invoke(app, ["import", "oneroster", str(roster), "--district-id", "x"])
    assert bad_id.exit_code == 2
    assert count(database_url, Event) == 0
