"""NCES directory files as jobs, with the shared Florida exports."""

import csv
import io
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.directory.models import District, School
from tests.integrations.imports.jobs import IMPORTS, post_job

FLORIDA = "nces-ccd-school-search-exports/fl"


def first_schools(shared_data: Path, rows: int, closed: int = 0) -> bytes:
    """The first Florida schools; the first `closed` of them marked closed."""
    text = (shared_data / FLORIDA / "florida_schools.csv").read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text)))
    header, body = records[0], records[1 : rows + 1]
    status = header.index("Status")
    for record in body[:closed]:
        record[status] = "Closed"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue().encode()


async def test_a_district_file_dry_run_counts_every_row_and_apply_writes_them(
    client: httpx.AsyncClient, session: AsyncSession, shared_data: Path
) -> None:
    data = (shared_data / FLORIDA / "florida_districts.csv").read_bytes()
    dry = (await post_job(client, "nces", data, "florida_districts.csv", dry_run=True)).json()
    assert dry["status"] == "dry_run_ready", dry
    assert dry["counts"]["created"] == 83
    leaids = [
        row["NCES District ID"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    ]
    assert sorted(entry["keys"]["nces_leaid"] for entry in dry["diff"]) == sorted(leaids)
    assert all(entry["keys"]["state_district_id"] for entry in dry["diff"])
    assert await session.scalar(select(func.count()).select_from(District)) == 0
    applied = (await client.post(f"{IMPORTS}/{dry['id']}/apply")).json()
    assert applied["status"] == "succeeded"
    assert applied["counts"]["created"] == 83
    assert await session.scalar(select(func.count()).select_from(District)) == 83


async def test_closing_schools_of_a_file_is_guarded_and_counted(
    client: httpx.AsyncClient, session: AsyncSession, shared_data: Path
) -> None:
    first = await post_job(client, "nces", first_schools(shared_data, 5), "fl.csv")
    assert first.json()["status"] == "succeeded", first.text
    assert first.json()["counts"]["created"] >= 5
    closing = first_schools(shared_data, 5, closed=1)
    refused = (await post_job(client, "nces", closing, "fl.csv")).json()
    assert refused["status"] == "refused", (refused["counts"], refused["diff"])
    assert "would deactivate 1 of the" in refused["reason"]
    assert await session.scalar(select(func.count()).where(School.status == "closed")) == 0
    allowed = (await post_job(client, "nces", closing, "fl.csv", allow_shrink=True)).json()
    assert allowed["status"] == "succeeded"
    assert allowed["counts"]["deactivated"] == 1
    assert [e["action"] for e in allowed["diff"]] == ["deactivate"]
    closed_row = next(csv.DictReader(io.StringIO(closing.decode())))
    keys = allowed["diff"][0]["keys"]
    assert keys["nces_id"] == closed_row["NCES School ID"]
    assert keys["state_school_id"]
    assert keys["district_id"]
    assert await session.scalar(select(func.count()).where(School.status == "closed")) == 1


def renamed_first(data: bytes, name: str) -> bytes:
    records = list(csv.reader(io.StringIO(data.decode())))
    records[1][records[0].index("School Name")] = name
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode()


async def test_a_phone_edited_by_hand_is_kept_whole_or_beside_the_files_changes(
    client: httpx.AsyncClient, session: AsyncSession, shared_data: Path
) -> None:
    data = first_schools(shared_data, 3)
    assert (await post_job(client, "nces", data, "fl.csv")).json()["status"] == "succeeded"
    nces_id = next(csv.DictReader(io.StringIO(data.decode())))["NCES School ID"]
    school = await session.scalar(select(School).where(School.nces_id == nces_id))
    assert school is not None
    read = await client.get(f"/api/v1/schools/{school.id}")
    edited = await client.patch(
        f"/api/v1/schools/{school.id}",
        json={"phone": "(850)555-0199"},
        headers={"If-Match": read.headers["etag"]},
    )
    assert edited.status_code == 200, edited.text
    version = edited.json()["version"]

    # The file changes nothing but the edited phone back: the school is left whole.
    same = (await post_job(client, "nces", data, "fl.csv")).json()
    assert same["counts"] | {"unchanged": 0} == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "would_deactivate": 0,
        "deactivated": 0,
        "kept_edited": 1,
        "failed": 0,
    }, same
    [kept] = same["diff"]
    assert (kept["action"], kept["fields"], kept["keys"]["nces_id"]) == (
        "kept_edited",
        ["phone"],
        nces_id,
    )
    await session.refresh(school)
    assert (school.phone, school.version) == ("(850)555-0199", version)
    actors = await session.scalars(
        select(Event.actor).where(Event.resource_id == school.id).order_by(Event.seq)
    )
    assert [a.startswith("import:") for a in actors] == [True, False]

    # The file renames the school: the name is updated, the phone still kept.
    renamed = (await post_job(client, "nces", renamed_first(data, "Renamed"), "fl.csv")).json()
    assert (renamed["counts"]["updated"], renamed["counts"]["kept_edited"]) == (1, 1), renamed
    await session.refresh(school)
    assert (school.name, school.phone, school.version) == ("Renamed", "(850)555-0199", version + 1)
    last = await session.scalar(
        select(Event).where(Event.resource_id == school.id).order_by(Event.seq.desc()).limit(1)
    )
    assert last is not None
    assert last.changes is not None
    assert set(last.changes) == {"name"}
