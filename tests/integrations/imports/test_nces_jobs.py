"""NCES directory files as jobs, with the shared Florida exports."""

import csv
import io
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    assert await session.scalar(select(func.count()).where(School.status == "closed")) == 1
