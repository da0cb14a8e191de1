"""`trellis import nces` against real NCES files, on each database.

The import commits for real, so every test gets an empty migrated database of
its own (`fresh_database_url`). Expected counts come from reading the files
with the csv module, not from the importer.
"""

import csv
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.db import create_engine, make_sessionmaker
from api.core.events import Event
from api.directory.models import District, School
from api.directory.nces import upsert as upsert_module
from api.directory.nces.console import EXIT_OK, EXIT_REFUSED, run_import_cli
from api.directory.nces.importer import import_nces
from api.directory.nces.report import FileReport, NcesReport
from api.directory.nces.upsert import DirectoryChanged
from tests.directory.factories import make_district, make_school

SEARCH = "nces-ccd-school-search-exports"
DISTRICT_FILES = {
    "CA": f"{SEARCH}/ca/california_districts.csv",
    "FL": f"{SEARCH}/fl/florida_districts.csv",
    "MI": f"{SEARCH}/mi/michigan_districts.csv",
    "TX": "texas-ccd-and-askted/ccd/tx-districts-ccd.csv",
}
SCHOOL_FILES = {
    "CA": f"{SEARCH}/ca/california_public_schools.csv",
    "FL": f"{SEARCH}/fl/florida_schools.csv",
    "MI": f"{SEARCH}/mi/michigan_schools.csv",
    "TX": "texas-ccd-and-askted/ccd/tx-campuses-ccd.csv",
}
SCHOOL_ID = {"NCES School ID", "NCESSCH"}
LEA_ID = {"NCES District ID", "LEAID"}


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    made = create_engine(fresh_database_url)
    yield made
    await made.dispose()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def column(rows: list[dict[str, str]], names: set[str]) -> list[str]:
    [name] = names & rows[0].keys()
    return [row[name] for row in rows]


async def scalar(engine: AsyncEngine, query: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.scalar(query)


async def count(engine: AsyncEngine, model: Any, *where: Any) -> int:
    return int(await scalar(engine, select(func.count()).select_from(model).where(*where)))


def counts(report: NcesReport) -> list[tuple[str, int, int, int, int]]:
    return [(f.path.name, f.created, f.updated, f.unchanged, len(f.errors)) for f in report.files]


async def test_real_files_import_completely_and_a_rerun_changes_nothing(
    engine: AsyncEngine, shared_data: Path
) -> None:
    district_paths = [shared_data / p for p in DISTRICT_FILES.values()]
    school_paths = [shared_data / p for p in SCHOOL_FILES.values()]

    # Schools first on the command line: the importer still reads districts first.
    report = await import_nces(engine, school_paths + district_paths, dry_run=False)

    expected = [(p.name, len(read_csv(p)), 0, 0, 0) for p in district_paths + school_paths]
    assert counts(report) == expected
    assert report.errors == []
    assert sum(f.districts_created for f in report.files) == 0
    for state, path in SCHOOL_FILES.items():
        rows = read_csv(shared_data / path)
        assert await count(engine, School, School.state == state) == len(rows)
    for state, path in DISTRICT_FILES.items():
        rows = read_csv(shared_data / path)
        assert await count(engine, District, District.state == state) == len(rows)

    # Every id round-trips as the same string, leading zeros included, and each
    # school hangs off the district its row names, in the same state.
    from_files = {
        school: lea
        for path in school_paths
        for rows in [read_csv(path)]
        for school, lea in zip(column(rows, SCHOOL_ID), column(rows, LEA_ID), strict=True)
    }
    joined = select(School.nces_id, District.nces_leaid, School.state, District.state).join(
        District, School.district_id == District.id
    )
    async with engine.connect() as connection:
        stored = (await connection.execute(joined)).all()
    assert {school: lea for school, lea, _, _ in stored} == from_files
    assert all(school_state == district_state for _, _, school_state, district_state in stored)
    ca_ids = [school for school, _, state, _ in stored if state == "CA"]
    assert len(ca_ids) == 10_349
    assert all(str(school).startswith("0") for school in ca_ids)

    events = await _events(engine)
    assert len(events) == sum(f.created for f in report.files)
    assert {(e["actor"], e["operation"], e["version"]) for e in events} == {
        ("import:nces", "create", 1)
    }
    by_resource = {r: [e for e in events if e["resource"] == r] for r in ("schools", "districts")}
    assert all(
        e["school_id"] == e["resource_id"] and e["district_id"] is not None
        for e in by_resource["schools"]
    )
    assert all(
        e["district_id"] == e["resource_id"] and e["school_id"] is None
        for e in by_resource["districts"]
    )
    assert Counter(e["resource"] for e in events) == {
        "districts": sum(len(read_csv(p)) for p in district_paths),
        "schools": len(from_files),
    }

    rerun = await import_nces(engine, district_paths + school_paths, dry_run=False)
    assert counts(rerun) == [(name, 0, 0, created, 0) for name, created, *_ in expected]
    assert rerun.changed == 0
    assert len(await _events(engine)) == len(events)


async def test_dry_run_reports_the_real_run_and_writes_nothing(
    engine: AsyncEngine, shared_data: Path
) -> None:
    paths = [shared_data / SCHOOL_FILES["MI"], shared_data / DISTRICT_FILES["FL"]]

    dry = await import_nces(engine, paths, dry_run=True)

    assert dry.dry_run
    assert dry.changed > 0
    assert [await count(engine, model) for model in (District, School, Event)] == [0, 0, 0]
    real = await import_nces(engine, paths, dry_run=False)
    assert _as_dicts(dry.files) == _as_dicts(real.files)
    assert [file.dry_run for file in dry.files + real.files] == [True, True, False, False]


async def test_a_changed_row_is_one_update_with_one_event(
    engine: AsyncEngine, shared_data: Path, tmp_path: Path
) -> None:
    districts, schools = shared_data / DISTRICT_FILES["FL"], shared_data / SCHOOL_FILES["FL"]
    await import_nces(engine, [districts, schools], dry_run=False)
    rows = read_csv(schools)
    target = rows[100]
    target["Phone"], target["Students*"] = "(850)555-0100", "1234.00000"
    edited = tmp_path / schools.name
    with edited.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = await _events(engine)

    report = await import_nces(engine, [districts, edited], dry_run=False)

    assert counts(report) == [
        (districts.name, 0, 0, len(read_csv(districts)), 0),
        (schools.name, 0, 1, len(rows) - 1, 0),
    ]
    async with engine.connect() as connection:
        query = select(School).where(School.nces_id == target["NCES School ID"])
        school = (await connection.execute(query)).one()
    assert (school.phone, school.enrollment, school.version) == ("(850)555-0100", 1234, 2)
    assert school.updated_at > school.created_at
    [event] = (await _events(engine))[len(before) :]
    assert (event["operation"], event["resource"], event["version"]) == ("update", "schools", 2)
    assert (event["school_id"], event["district_id"]) == (school.id, school.district_id)
    assert set(event["changes"]) == {"phone", "enrollment"}
    assert [after for _, after in event["changes"].values()] == ["(850)555-0100", 1234]
    named = {
        "nces_id": school.nces_id,
        "state_school_id": school.state_school_id,
        "district_id": str(school.district_id),
    }
    assert event["keys"] == {"before": named, "after": named}
    assert school.state_school_id  # the state id is named, not left out


async def test_every_event_names_the_records_nces_and_state_ids(
    engine: AsyncEngine, shared_data: Path
) -> None:
    districts = shared_data / DISTRICT_FILES["FL"]
    await import_nces(engine, [districts], dry_run=False)
    async with engine.connect() as connection:
        stored = {
            row.id: (row.nces_leaid, row.state_district_id)
            for row in await connection.execute(select(District))
        }
    events = await _events(engine)
    assert len(events) == len(stored)
    for event in events:
        nces_leaid, state_district_id = stored[event["resource_id"]]
        assert event["keys"] == {
            "before": None,
            "after": {"nces_leaid": nces_leaid, "state_district_id": state_district_id},
        }
    assert all(key for key, _ in stored.values())


async def test_a_school_file_alone_creates_its_districts(
    engine: AsyncEngine, shared_data: Path
) -> None:
    schools, districts = shared_data / SCHOOL_FILES["MI"], shared_data / DISTRICT_FILES["MI"]
    rows = read_csv(schools)
    named = dict(zip(column(rows, LEA_ID), (row["District"] for row in rows), strict=True))

    alone = await import_nces(engine, [schools], dry_run=False)

    assert alone.files[0].districts_created == len(named)
    async with engine.connect() as connection:
        stored = (await connection.execute(select(District.nces_leaid, District.name))).all()
    assert dict(stored) == named
    # The district file then fills those districts in rather than duplicating them.
    full = await import_nces(engine, [districts, schools], dry_run=False)
    district_count = len(read_csv(districts))
    assert counts(full) == [
        (districts.name, district_count - len(named), len(named), 0, 0),
        (schools.name, 0, 0, len(rows), 0),
    ]
    assert await count(engine, District) == district_count


async def test_malformed_rows_are_reported_by_line_and_the_rest_imported(
    engine: AsyncEngine, shared_data: Path, tmp_path: Path
) -> None:
    source = (shared_data / SCHOOL_FILES["CA"]).read_text(encoding="utf-8").splitlines()
    header, good = source[0], source[1:6]
    bad_id = good[0].replace(good[0][:12], "06042901377X", 1)
    lines = [header, *good[:2], "060429013779,too,few", bad_id, good[0], *good[2:]]
    path = tmp_path / "schools.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = await import_nces(engine, [path], dry_run=False)

    [file] = report.files
    assert [(issue.line, issue.message.split(" (")[0]) for issue in file.errors] == [
        (4, "expected 26 cells as in the header, found 3"),
        (5, "NCES School ID '06042901377X' is not a 12-digit NCES id"),
        (6, f"NCES School ID {good[0][:12]} repeats line 2"),
    ]
    assert (file.created, await count(engine, School)) == (5, 5)


async def test_a_state_id_held_by_another_school_is_a_row_error(
    engine: AsyncEngine, shared_data: Path, tmp_path: Path
) -> None:
    rows = read_csv(shared_data / SCHOOL_FILES["FL"])[:3]
    async with make_sessionmaker(engine)() as session:
        district = await make_district(session, state="FL")
        await make_school(session, district, state="FL", state_school_id=rows[1]["State School ID"])
        await session.commit()
    path = tmp_path / "schools.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    report = await import_nces(engine, [path], dry_run=False)

    [issue] = report.errors
    assert issue.line == 3
    assert f"state_school_id {rows[1]['State School ID']!r} already belongs" in issue.message
    assert report.files[0].created == 2


async def test_a_row_edited_while_the_import_runs_stops_it_unwritten(
    engine: AsyncEngine, shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = read_csv(shared_data / SCHOOL_FILES["FL"])[:3]
    original, edited = tmp_path / "original.csv", tmp_path / "edited.csv"
    for path, phone in ((original, rows[0]["Phone"]), (edited, "(850)555-0199")):
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows([rows[0] | {"Phone": phone}, *rows[1:]])
    await import_nces(engine, [original], dry_run=False)
    read_rows = upsert_module._existing

    async def read_then_someone_edits(*args: Any) -> Any:
        existing = await read_rows(*args)
        async with engine.begin() as other:
            await other.execute(
                update(School)
                .where(School.nces_id == rows[0]["NCES School ID"])
                .values(name="Edited meanwhile", version=School.version + 1)
            )
        return existing

    monkeypatch.setattr(upsert_module, "_existing", read_then_someone_edits)
    events_before = await count(engine, Event)

    # PostgreSQL: the update no longer matches the version read. SQLite refuses
    # the write itself, on a read snapshot another connection has outdated.
    with pytest.raises((DirectoryChanged, OperationalError)) as stopped:
        await import_nces(engine, [edited], dry_run=False)
    if engine.dialect.name == "postgresql":
        assert stopped.type is DirectoryChanged

    assert await count(engine, School, School.phone == "(850)555-0199") == 0
    assert await count(engine, Event) == events_before


async def test_foreign_or_missing_files_refuse_the_whole_run(
    engine: AsyncEngine, shared_data: Path
) -> None:
    paths = [
        shared_data / DISTRICT_FILES["FL"],
        shared_data / "hifld-public-schools-fl/Public_Schools.csv",
        shared_data / "oneroster/oat-sa-OneRosterv1p1BaseCSV/orgs.csv",
        shared_data / "no-such-file.csv",
    ]

    report = await import_nces(engine, paths, dry_run=False)

    assert report.files == []
    assert [refusal.path for refusal in report.refused] == paths[1:]
    assert all("NCES School ID" in refusal.reason for refusal in report.refused[:2])
    assert report.refused[2].reason == "no such file"
    assert await count(engine, District) == 0


def test_cli_summarises_exits_and_says_when_nothing_changed(
    fresh_database_url: str, shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    districts = shared_data / DISTRICT_FILES["FL"]
    broken = tmp_path / "broken.csv"
    header = (shared_data / SCHOOL_FILES["FL"]).read_text(encoding="utf-8").splitlines()[0]
    broken.write_text(header + "\n" + "1,2,3\n" * 25, encoding="utf-8")

    assert run_import_cli(fresh_database_url, [districts, broken], dry_run=True) == EXIT_OK
    dry = capsys.readouterr().out
    assert "Dry run: nothing was written." in dry
    assert "broken.csv:2: expected 26 cells" in dry
    assert "broken.csv:21:" in dry
    assert "broken.csv:22:" not in dry
    assert "...and 5 more row errors" in dry

    assert run_import_cli(fresh_database_url, [districts], dry_run=False) == EXIT_OK
    assert "Nothing changed" not in capsys.readouterr().out
    assert run_import_cli(fresh_database_url, [districts], dry_run=False) == EXIT_OK
    assert "Nothing changed: the directory already matches these files." in capsys.readouterr().out

    hifld = shared_data / "hifld-public-schools-fl/Public_Schools.csv"
    assert run_import_cli(fresh_database_url, [hifld], dry_run=False) == EXIT_REFUSED
    refused = capsys.readouterr().err
    assert "not an NCES school-directory file" in refused
    assert "Nothing was imported." in refused


async def _events(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(select(Event).order_by(Event.seq))
        return [dict(row) for row in result.mappings()]


def _as_dicts(files: list[FileReport]) -> list[dict[str, Any]]:
    """What each file's report says, whether or not it was a dry run."""
    return [vars(file) | {"dry_run": None} for file in files]
