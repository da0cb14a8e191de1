"""`trellis import people|partners`: the printed report, exit codes, the events written."""

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.cli import app
from api.core.db import create_database, create_engine
from api.core.events import Event
from api.directory.models import District, Person, RoleAssignment
from api.partners.models import Partner
from api.settings import get_settings
from tests.integrations.spreadsheets.samples import NYC, head, records

runner = CliRunner()


@pytest.fixture
def database_url(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TRELLIS_DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    yield fresh_database_url
    get_settings.cache_clear()


def run_in_database(url: str, work: Any) -> Any:
    async def run() -> Any:
        database = create_database(create_engine(url))
        try:
            async with database.sessionmaker() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await database.engine.dispose()

    return asyncio.run(run())


def count(url: str, model: Any) -> int:
    async def counted(session: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    return int(run_in_database(url, counted))


def test_partners_dry_run_then_import(database_url: str, tmp_path: Path, shared_data: Path) -> None:
    path = tmp_path / "programmes.csv"
    path.write_bytes(head(shared_data / NYC, 20))
    agencies = {line["AGENCY"].strip().lower() for line in records(path.read_bytes())}
    arguments = ["import", "partners", str(path), "--mapping", "nyc-after-school"]

    dry = runner.invoke(app, [*arguments, "--dry-run"])

    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was written." in dry.output
    assert "20 line(s) imported, site not placed:" in dry.output  # an empty directory
    assert count(database_url, Partner) == 0
    wet = runner.invoke(app, arguments)
    assert wet.exit_code == 0, wet.output
    assert f"lines were {len(agencies)} created" in wet.output
    assert count(database_url, Partner) == len(agencies)
    assert count(database_url, Event) == len(agencies)


def test_people_with_a_json_mapping_report_failed_lines(database_url: str, tmp_path: Path) -> None:
    async def district(session: Any) -> None:
        session.add(District(name="Springfield USD", state="IL", state_district_id="IL-1"))

    run_in_database(database_url, district)
    path = tmp_path / "staff.csv"
    path.write_text("Given,Family,District\r\nAda,Lovelace,IL-1\r\nAlan,Turing,IL-2\r\n")
    mapping = {
        "columns": {
            "given_name": "Given",
            "family_name": "Family",
            "district_state_id": "District",
        },
        "default_role": "director",
    }

    result = runner.invoke(app, ["import", "people", str(path), "--mapping", json.dumps(mapping)])

    assert result.exit_code == 1, result.output
    assert "1 created, 0 updated, 0 unchanged; 1 failed" in result.output
    assert "line 3: no district has state id IL-2" in result.output
    assert count(database_url, Person) == 1
    assert count(database_url, RoleAssignment) == 1
    # The person and their role; the district was stored directly, without one.
    assert count(database_url, Event) == 2


def test_a_bad_mapping_is_refused(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("Name\r\nAda Lovelace\r\n")

    result = runner.invoke(app, ["import", "people", str(path), "--mapping", "tx-teachers"])

    assert result.exit_code == 2
    assert "no ready-made mapping is named 'tx-teachers'" in result.output
    assert "Nothing was imported." in result.output
