"""`trellis import people|partners`: the printed report, exit codes, the events written."""

import json
from pathlib import Path
from typing import Any

from api.core.events import Event
from api.directory.models import District, Person, RoleAssignment
from api.partners.models import Partner
from tests.cli import CliDatabase
from tests.integrations.spreadsheets.samples import NYC, head, records


def test_partners_dry_run_then_import(cli: CliDatabase, tmp_path: Path, shared_data: Path) -> None:
    path = tmp_path / "programmes.csv"
    path.write_bytes(head(shared_data / NYC, 20))
    agencies = {line["AGENCY"].strip().lower() for line in records(path.read_bytes())}
    arguments = ["import", "partners", str(path), "--mapping", "nyc-after-school"]

    dry = cli.invoke([*arguments, "--dry-run"])

    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was written." in dry.output
    assert "20 line(s) imported, site not placed:" in dry.output  # an empty directory
    assert cli.count(Partner) == 0
    wet = cli.invoke(arguments)
    assert wet.exit_code == 0, wet.output
    assert f"lines were {len(agencies)} created" in wet.output
    assert cli.count(Partner) == len(agencies)
    assert cli.count(Event) == len(agencies)


def test_people_with_a_json_mapping_report_failed_lines(cli: CliDatabase, tmp_path: Path) -> None:
    async def district(session: Any) -> None:
        session.add(District(name="Springfield USD", state="IL", state_district_id="IL-1"))

    cli.run(district)
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

    result = cli.invoke(["import", "people", str(path), "--mapping", json.dumps(mapping)])

    assert result.exit_code == 1, result.output
    assert "1 created, 0 updated, 0 unchanged; 1 failed" in result.output
    assert "line 3: no district has state id IL-2" in result.output
    assert cli.count(Person) == 1
    assert cli.count(RoleAssignment) == 1
    # The person and their role; the district was stored directly, without one.
    assert cli.count(Event) == 2


def test_a_bad_mapping_is_refused(cli: CliDatabase, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("Name\r\nAda Lovelace\r\n")

    result = cli.invoke(["import", "people", str(path), "--mapping", "tx-teachers"])

    assert result.exit_code == 2
    assert "no ready-made mapping is named 'tx-teachers'" in result.output
    assert "Nothing was imported." in result.output
