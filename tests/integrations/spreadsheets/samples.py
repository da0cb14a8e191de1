"""Slices of the public sample files, read at test time, and the directory they name.

The Texas directory is built from the 2013-14 CCD rows of the districts a slice names,
with state ids written as the NCES import writes them (`TX-001902-001902001`), so a
line whose campus the CCD lacks stays unplaced, as it would after a real NCES import.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import District, School
from tests.directory.factories import new_district, new_school

PRINCIPALS = "texas-ccd-and-askted/askted/principals.csv"
SUPERINTENDENTS = "texas-ccd-and-askted/askted/superintendents.csv"
CCD_CAMPUSES = "texas-ccd-and-askted/ccd/tx-campuses-ccd.csv"
CCD_DISTRICTS = "texas-ccd-and-askted/ccd/tx-districts-ccd.csv"
NYC = "nyc-dycd-after-school-programs/DYCD_after-school_programs.csv"
# The column of an AskTED file that holds the TEA number of a line's district.
DISTRICT_NUMBER = {PRINCIPALS: "District Number", SUPERINTENDENTS: "Organization Number"}


def head(path: Path, lines: int) -> bytes:
    """The header and the first `lines` records, bytes as the file has them."""
    text = path.read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    for _ in range(lines):
        next(reader)
    cut = sum(len(line) for line in text.splitlines(keepends=True)[: reader.line_num])
    return text[:cut].encode("utf-8")


def records(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def bare(cell: str) -> str:
    return cell.strip().lstrip("'")


@dataclass
class TexasDirectory:
    districts: dict[str, District]  # by TEA district number
    schools: dict[str, School]  # by TEA campus number


async def texas_directory(
    session: AsyncSession, shared_data: Path, district_numbers: set[str]
) -> TexasDirectory:
    made = TexasDirectory({}, {})
    with (shared_data / CCD_DISTRICTS).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["STID"] in district_numbers:
                made.districts[row["STID"]] = new_district(
                    name=row["NAME"],
                    state="TX",
                    nces_leaid=row["LEAID"],
                    state_district_id=f"TX-{row['STID']}",
                )
    with (shared_data / CCD_CAMPUSES).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            district = made.districts.get(row["STID"])
            if district is not None:
                made.schools[row["SEASCH"]] = new_school(
                    district,
                    name=row["SCHNAM"],
                    nces_id=row["NCESSCH"],
                    state_school_id=f"TX-{row['STID']}-{row['SEASCH']}",
                    city=row["LCITY"],
                )
    session.add_all([*made.districts.values(), *made.schools.values()])
    await session.flush()
    return made


async def askted_slice(
    session: AsyncSession, shared_data: Path, name: str, lines: int
) -> tuple[bytes, list[dict[str, str]], TexasDirectory]:
    """The first `lines` records of an AskTED file, as bytes and as rows, and the Texas
    directory of the districts they name."""
    data = head(shared_data / name, lines)
    rows = records(data)
    numbers = {bare(row[DISTRICT_NUMBER[name]]) for row in rows}
    return data, rows, await texas_directory(session, shared_data, numbers)
