"""`trellis import oneroster`: the import job `POST /imports` runs, made and run in the
command, its outcome printed, its exit code; the API sees the same database."""

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import Result
from sqlalchemy import func, select

from api.auth.roles import Role
from api.core.db import Database, create_database, create_engine
from api.core.events import Event
from api.directory.models import District, Person, RoleAssignment, School
from api.integrations.imports.models import ImportJob
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.cli import CliDatabase
from tests.conftest import settings_for_tests
from tests.directory.oneroster_zips import ORGS, ROLES, USERS, district_zip, manifest, zipped
from tests.integrations.imports.jobs import IMPORTS, post_job
from tests.integrations.imports.test_kept_edits import edit_person, restamped

ROSTER = "roster.zip"
TABLES = (District, School, Person, RoleAssignment, Event)


def without(text: str, *ids: str) -> str:
    """The CSV without the lines of these sourcedIds."""
    return "".join(line for line in text.splitlines(True) if line.split(",")[0] not in ids)


def smaller(
    orgs: tuple[str, ...] = (), users: tuple[str, ...] = (), roles: tuple[str, ...] = ()
) -> bytes:
    """The district's bulk zip leaving out these orgs, users and roles."""
    files = {
        "manifest.csv": manifest(),
        "orgs.csv": without(ORGS, *orgs),
        "users.csv": without(USERS, *users),
        "roles.csv": without(ROLES, *roles),
    }
    return zipped(files)


class Trellis:
    """The command and the API on one database: commands run in a thread (each has its
    own event loop), the API and the reads in the test's."""

    def __init__(self, cli: CliDatabase, database: Database, client: httpx.AsyncClient) -> None:
        self.cli, self.database, self.client = cli, database, client

    async def run(self, folder: Path, data: bytes, *options: str) -> Result:
        path = folder / ROSTER
        path.write_bytes(data)
        return await asyncio.to_thread(
            self.cli.invoke, ["import", "oneroster", str(path), *options]
        )

    async def read(self, statement: Any) -> list[Any]:
        async with self.database.sessionmaker() as session:
            return list((await session.execute(statement)).all())

    async def counts(self) -> dict[str, int]:
        found = {}
        for model in (*TABLES, ImportJob):
            [(n,)] = await self.read(select(func.count()).select_from(model))
            found[model.__name__] = n
        return found

    async def state(self) -> dict[str, Any]:
        """What an import writes: schools' status, people's activity, roles' ends."""
        schools = await self.read(select(School.oneroster_id, School.status))
        people = await self.read(select(Person.sis_id, Person.is_active, Person.email))
        roles = await self.read(select(RoleAssignment.oneroster_id, RoleAssignment.end_date))
        return {"schools": dict(schools), "people": {p[0]: p[1:] for p in people}} | {
            "roles": dict(roles)
        }


@pytest.fixture
async def trellis(cli: CliDatabase) -> AsyncIterator[Trellis]:
    database = create_database(create_engine(cli.url))
    async with database.sessionmaker() as session:
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
    app = create_app(settings_for_tests(), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers
    ) as client:
        yield Trellis(cli, database, client)
    await database.engine.dispose()


async def test_the_import_is_a_job_the_api_lists(trellis: Trellis, tmp_path: Path) -> None:
    result = await trellis.run(tmp_path, district_zip(), "--state", "CA")

    assert result.exit_code == 0, result.output
    assert "roster.zip: records were 13 created, 0 updated, 0 unchanged" in result.output
    counts = await trellis.counts()
    assert (counts["Person"], counts["RoleAssignment"], counts["Event"]) == (4, 6, 13)
    listed = (await trellis.client.get(IMPORTS)).json()["items"]
    [job] = listed
    assert (job["kind"], job["status"], job["file_name"]) == ("oneroster", "succeeded", ROSTER)
    assert job["counts"]["created"] == 13
    assert job["id"] in result.output

    again = await trellis.run(tmp_path, district_zip(), "--state", "CA")
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 13 unchanged" in again.output
    assert (await trellis.counts())["Event"] == 13


async def test_a_role_a_bulk_file_leaves_out_is_ended_by_the_command_and_the_api(
    trellis: Trellis, tmp_path: Path
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    first = await trellis.run(tmp_path, district_zip(), "--state", "CA")
    assert first.exit_code == 0, first.output

    # Edsger keeps his district role (r-5) and loses his coaching one (r-6).
    by_command = await trellis.run(tmp_path, smaller(roles=("r-6",)))
    assert by_command.exit_code == 0, by_command.output
    assert "1 deactivated" in by_command.output
    roles = (await trellis.state())["roles"]
    assert (roles["r-6"], roles["r-5"], roles["r-1"]) == (today, None, None)

    # Through the API: Grace's principal role (r-3) next.
    body = (await post_job(trellis.client, "oneroster", smaller(roles=("r-3", "r-6")))).json()
    assert (body["status"], body["counts"]["deactivated"]) == ("succeeded", 1), body
    roles = (await trellis.state())["roles"]
    assert (roles["r-3"], roles["r-6"], roles["r-5"]) == (today, today, None)


async def test_a_shrinking_bulk_file_is_refused_until_allowed(
    trellis: Trellis, tmp_path: Path
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    await trellis.run(tmp_path, district_zip(), "--state", "CA")
    before, written = await trellis.counts(), await trellis.state()
    # Oak Elementary, Grace (its principal) and her role, and Edsger's coaching role.
    shrunk = smaller(orgs=("sch-2",), users=("p-1",), roles=("r-3", "r-6"))

    refused = await trellis.run(tmp_path, shrunk)

    assert refused.exit_code == 2, refused.output
    assert "refused" in refused.output
    assert "would deactivate 4 of the" in refused.output
    assert "--allow-shrink" in refused.output
    assert await trellis.state() == written
    assert await trellis.counts() == before | {"ImportJob": before["ImportJob"] + 1}

    allowed = await trellis.run(tmp_path, shrunk, "--allow-shrink")

    assert allowed.exit_code == 0, allowed.output
    assert "4 deactivated" in allowed.output
    state = await trellis.state()
    assert (state["schools"]["sch-2"], state["schools"]["sch-1"]) == ("closed", "open")
    assert (state["people"]["p-1"][0], state["people"]["t-1"][0]) == (False, True)
    assert (state["roles"]["r-3"], state["roles"]["r-6"]) == (today, today)
    assert state["roles"]["r-1"] is None
    statuses = [job["status"] for job in (await trellis.client.get(IMPORTS)).json()["items"]]
    assert statuses == ["succeeded", "refused", "succeeded"]


async def test_a_dry_run_prints_the_diff_and_writes_nothing(
    trellis: Trellis, tmp_path: Path
) -> None:
    await trellis.run(tmp_path, district_zip(), "--state", "CA")
    before, written = await trellis.counts(), await trellis.state()

    dry = await trellis.run(tmp_path, smaller(roles=("r-6",)), "--dry-run")

    assert dry.exit_code == 0, dry.output
    assert "dry_run_ready" in dry.output
    assert "records would be 0 created, 0 updated, 12 unchanged, 1 deactivated" in dry.output
    assert "would_deactivate" in dry.output  # the diff's table, by kind of record
    assert "Dry run: nothing was written." in dry.output
    assert await trellis.state() == written
    # Only the job itself is recorded, as `POST /imports` records a dry run.
    assert await trellis.counts() == before | {"ImportJob": before["ImportJob"] + 1}
    # Which the API applies as its own.
    [job, _] = (await trellis.client.get(IMPORTS)).json()["items"]
    applied = (await trellis.client.post(f"{IMPORTS}/{job['id']}/apply")).json()
    assert (applied["status"], applied["counts"]["deactivated"]) == ("succeeded", 1), applied
    assert (await trellis.state())["roles"]["r-6"] == dt.datetime.now(dt.UTC).date()


async def test_an_edit_made_in_trellis_is_kept_unless_overwritten(
    trellis: Trellis, tmp_path: Path
) -> None:
    await trellis.run(tmp_path, district_zip(), "--state", "CA")
    async with trellis.database.sessionmaker() as session:
        await edit_person(trellis.client, "t-1", session, email="ada@lovelace.example.org")

    kept = await trellis.run(tmp_path, restamped("2026-02-01", Ada="Adah"))

    assert kept.exit_code == 0, kept.output
    assert "1 kept as edited" in kept.output
    assert (await trellis.state())["people"]["t-1"] == (True, "ada@lovelace.example.org")

    overwritten = await trellis.run(
        tmp_path, restamped("2026-03-01", Ada="Adah"), "--overwrite-edited"
    )

    assert overwritten.exit_code == 0, overwritten.output
    assert "0 kept as edited" in overwritten.output
    assert (await trellis.state())["people"]["t-1"] == (True, "ada@rb.example.org")


async def test_a_district_id_imports_as_its_manager(trellis: Trellis, tmp_path: Path) -> None:
    await trellis.run(tmp_path, district_zip(), "--state", "CA")
    [(district_id,)] = await trellis.read(select(District.id))

    scoped = await trellis.run(tmp_path, smaller(roles=("r-6",)), "--district-id", str(district_id))

    assert scoped.exit_code == 0, scoped.output
    [job, _] = (await trellis.client.get(IMPORTS)).json()["items"]
    assert (job["district_id"], job["counts"]["deactivated"]) == (str(district_id), 1)
    unknown = await trellis.run(tmp_path, district_zip(), "--district-id", str(uuid.uuid4()))
    assert unknown.exit_code == 2
    assert "No district with id" in unknown.output


async def test_a_wrong_file_fails_the_job_and_writes_nothing(
    trellis: Trellis, tmp_path: Path
) -> None:
    not_a_zip = await trellis.run(tmp_path, b"sourcedId,status\nx,active\n")
    assert not_a_zip.exit_code == 2
    assert "failed" in not_a_zip.output
    assert "zip" in not_a_zip.output.lower()

    missing = await trellis.run(tmp_path, zipped({"manifest.csv": manifest(), "orgs.csv": ORGS}))
    assert missing.exit_code == 2
    assert "users.csv is missing" in missing.output

    bad_id = await trellis.run(tmp_path, district_zip(), "--district-id", "x")
    assert bad_id.exit_code == 2
    counts = await trellis.counts()
    assert [counts[model.__name__] for model in TABLES] == [0, 0, 0, 0, 0]
    statuses = [job["status"] for job in (await trellis.client.get(IMPORTS)).json()["items"]]
    assert statuses == ["failed", "failed"]


async def test_an_empty_file_is_refused_before_any_job(trellis: Trellis, tmp_path: Path) -> None:
    empty = await trellis.run(tmp_path, b"")
    assert empty.exit_code == 2
    assert "the file is empty" in empty.output
    assert "Nothing was imported." in empty.output
    assert (await trellis.counts())["ImportJob"] == 0
