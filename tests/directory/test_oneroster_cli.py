"""`trellis import oneroster`: the summary, the exit codes, the events of what it wrote."""

from pathlib import Path

from api.core.events import Event
from api.directory.models import Person, RoleAssignment
from tests.cli import CliDatabase
from tests.directory.oneroster_zips import ORGS, district_zip, manifest, zipped


def test_import_writes_the_roster_with_its_events(cli: CliDatabase, tmp_path: Path) -> None:
    roster = tmp_path / "roster.zip"
    roster.write_bytes(district_zip())
    result = cli.invoke(["import", "oneroster", str(roster), "--state", "CA"])
    assert result.exit_code == 0, result.output
    assert "OneRoster 1.2" in result.output
    assert "2 students and family members" in result.output
    assert cli.count(Person) == 4
    assert cli.count(RoleAssignment) == 6
    assert cli.count(Event) == 1 + 2 + 4 + 6

    again = cli.invoke(["import", "oneroster", str(roster), "--state", "CA"])
    assert again.exit_code == 0, again.output
    assert cli.count(Event) == 13


def test_a_refused_import_writes_nothing_and_says_why(cli: CliDatabase, tmp_path: Path) -> None:
    roster = tmp_path / "roster.zip"
    roster.write_bytes(zipped({"manifest.csv": manifest(), "orgs.csv": ORGS}))
    result = cli.invoke(["import", "oneroster", str(roster), "--state", "CA"])
    assert result.exit_code == 2
    assert "users.csv is missing" in result.output
    assert "Nothing was imported." in result.output
    bad_id = cli.invoke(["import", "oneroster", str(roster), "--district-id", "x"])
    assert bad_id.exit_code == 2
    assert cli.count(Event) == 0
