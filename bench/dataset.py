"""A fresh directory of N schools: the real NCES exports first, generated ones beyond.

Generated schools are copies of real rows (so states, levels, grade spans,
locales and statuses keep the real distribution) under new, unique 12-digit
NCES ids, in copies of their real districts. They are written as School Search
CSV files and imported with the real files by the NCES importer in one run, so
the load doubles as the "import 100,000 schools" measurement. Key contacts for
the schools the single-school test reads are added with Core bulk inserts.
"""

import asyncio
import csv
import datetime as dt
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faker.providers.person.en_US import Provider as PersonNames
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.db import create_engine
from api.core.records import new_id
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.vocabulary import StaffRole
from api.migrate import upgrade
from bench.own_database import empty_postgres, empty_sqlite

SHARED_DATA = Path(
    os.environ.get("TRELLIS_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
NCES_DIR = SHARED_DATA / "nces-ccd-school-search-exports"
ROW = dict[str, str]


@dataclass
class LoadReport:
    backend: str
    schools: int = 0
    districts: int = 0
    real_schools: int = 0
    generated_schools: int = 0
    contact_schools: int = 0
    import_seconds: float = 0.0
    import_rows_rejected: int = 0
    contacts_seconds: float = 0.0
    total_seconds: float = 0.0
    importer: str = ""
    by_state_level: dict[str, int] = field(default_factory=dict)


def nces_files(root: Path = NCES_DIR) -> tuple[list[Path], list[Path]]:
    files = sorted(root.glob("*/*.csv"))
    districts = [p for p in files if "district" in p.name]
    schools = [p for p in files if p not in districts]
    if not districts or not schools:
        raise SystemExit(f"no NCES school-search exports under {root}")
    return districts, schools


def _read(paths: list[Path]) -> tuple[list[str], list[ROW]]:
    header: list[str] = []
    rows: list[ROW] = []
    for path in paths:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or header)
            rows.extend(reader)
    return header, rows


def _write(path: Path, header: list[str], rows: list[ROW]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _copy_id(value: str, copy: int) -> str:
    """A state id made unique per copy; NCES placeholders stay placeholders."""
    return f"{value}-G{copy}" if value[:1].isalpha() else value


class _LeaIds:
    """New 7-digit LEA ids in the same state (FIPS prefix), never a real one."""

    def __init__(self, real: set[str]) -> None:
        self.used = set(real)
        self.next: dict[str, int] = {}

    def new(self, fips: str) -> str:
        number = self.next.get(fips, 99_999)
        while f"{fips}{number:05d}" in self.used:
            number -= 1
        if number < 0:
            raise SystemExit(f"ran out of LEA ids for FIPS {fips}")
        self.next[fips] = number - 1
        leaid = f"{fips}{number:05d}"
        self.used.add(leaid)
        return leaid


def generate_files(schools: int, workdir: Path, seed: int) -> tuple[list[Path], int]:
    """Write generated district and school files so real + generated = `schools`.

    Returns the paths to import (real first) and the number of generated schools.
    """
    district_paths, school_paths = nces_files()
    district_header, real_districts = _read(district_paths)
    school_header, real_schools = _read(school_paths)
    wanted = max(0, schools - len(real_schools))
    workdir.mkdir(parents=True, exist_ok=True)
    if not wanted:
        return [*district_paths, *school_paths], 0
    rng = random.Random(seed)
    surnames = list(PersonNames.last_names)
    lea_ids = _LeaIds({row["NCES District ID"] for row in real_districts + real_schools})
    district_by_leaid = {row["NCES District ID"]: row for row in real_districts}
    new_districts: list[ROW] = []
    new_schools: list[ROW] = []
    copy = 0
    while len(new_schools) < wanted:
        copy += 1
        left = wanted - len(new_schools)
        sample = real_schools if left >= len(real_schools) else rng.sample(real_schools, left)
        copied: dict[str, ROW] = {}  # real LEA id -> its copy
        for school in sample:
            real_leaid = school["NCES District ID"]
            district = copied.get(real_leaid)
            if district is None:
                source = district_by_leaid.get(real_leaid) or {
                    "NCES District ID": real_leaid,
                    "State District ID": school["State District ID"],
                    "District Name": school["District"],
                    "State": school["State"],
                }
                district = {name: source.get(name, "") for name in district_header}
                district["NCES District ID"] = lea_ids.new(real_leaid[:2])
                district["State District ID"] = _copy_id(source["State District ID"], copy)
                district["District Name"] = f"{rng.choice(surnames)} {source['District Name']}"
                copied[real_leaid] = district
                new_districts.append(district)
            row = dict(school)
            row["NCES School ID"] = district["NCES District ID"] + school["NCES School ID"][7:]
            row["NCES District ID"] = district["NCES District ID"]
            row["State District ID"] = district["State District ID"]
            row["State School ID"] = _copy_id(school["State School ID"], copy)
            row["District"] = district["District Name"]
            row["School Name"] = f"{rng.choice(surnames)} {school['School Name']}"
            new_schools.append(row)
    generated_districts = workdir / "generated_districts.csv"
    generated_schools = workdir / "generated_schools.csv"
    _write(generated_districts, district_header, new_districts)
    _write(generated_schools, school_header, new_schools)
    paths = [*district_paths, generated_districts, *school_paths, generated_schools]
    return paths, len(new_schools)


def fresh_database(backend: str, sqlite_path: Path, postgres_admin: str) -> str:
    """Drop and create the bench database; return its async URL."""
    if backend == "sqlite":
        return empty_sqlite(sqlite_path)
    return empty_postgres(postgres_admin, "trellis_bench")


def load(backend: str, url: str, paths: list[Path], generated: int, seed: int) -> LoadReport:
    started = time.perf_counter()
    upgrade(url)
    report = asyncio.run(_load(backend, url, paths, seed))
    report.generated_schools = generated
    report.real_schools = report.schools - generated
    report.total_seconds = time.perf_counter() - started
    return report


async def _load(backend: str, url: str, paths: list[Path], seed: int) -> LoadReport:
    report = LoadReport(backend)
    engine = create_engine(url)
    try:
        began = time.perf_counter()
        report.importer, report.import_rows_rejected = await _import(engine, paths)
        report.import_seconds = time.perf_counter() - began
        began = time.perf_counter()
        report.contact_schools = await _add_key_contacts(engine, seed)
        report.contacts_seconds = time.perf_counter() - began
        # What a maintained database has after a bulk load: statistics and, on
        # PostgreSQL, a visibility map (index-only scans skip the heap).
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(
                text("VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE")
            )
        async with engine.begin() as connection:
            report.schools = (
                await connection.execute(select(func.count()).select_from(School))
            ).scalar_one()
            report.districts = (
                await connection.execute(select(func.count()).select_from(District))
            ).scalar_one()
            counts = await connection.execute(
                select(School.state, School.level, func.count()).group_by(
                    School.state, School.level
                )
            )
            report.by_state_level = {f"{s}/{lv}": n for s, lv, n in counts.tuples()}
    finally:
        await engine.dispose()
    return report


async def _import(engine: AsyncEngine, paths: list[Path]) -> tuple[str, int]:
    try:
        from api.directory.nces.importer import import_nces
    except ImportError:
        return "bench csv fallback", await _import_csv(engine, paths)
    result = await import_nces(engine, paths, dry_run=False)
    if result.refused:
        raise SystemExit(f"the NCES importer refused the files: {result.refused}")
    return "api.directory.nces.importer", sum(len(f.errors) for f in result.files)


# Without the project's importer: the School Search columns the directory keeps.
_LEVELS = {"PK": -1, "KG": 0, **{f"{n:02d}": n for n in range(1, 14)}}
_STATUSES = {"open", "new", "reopened", "future", "closed", "inactive"}
_LOCALES = {11: "city", 21: "suburb", 31: "town", 41: "rural"}


def _cell(row: ROW, name: str) -> str | None:
    value = row.get(name, "").strip()
    return value if value and value not in {"\u2020", "\u2021", "\u2013", "\u2014"} else None


def _level(low: int | None, high: int | None) -> str:
    # As api.directory.nces.codes.school_level decides it.
    if low is None or high is None or low > high:
        return "other"
    if high == -1:
        return "prekindergarten"
    if low <= 3 and high <= 8:
        return "elementary"
    if 4 <= low <= 7 and high <= 9:
        return "middle"
    if low >= 7 and high >= 12:
        return "high"
    return "other"


async def _import_csv(engine: AsyncEngine, paths: list[Path]) -> int:
    fips = {"06": "CA", "12": "FL", "26": "MI"}
    districts = [r for p in paths if "district" in p.name for r in _read([p])[1]]
    schools = [r for p in paths if "district" not in p.name for r in _read([p])[1]]
    district_ids: dict[str, Any] = {}
    district_rows = []
    for row in districts + schools:
        leaid = row["NCES District ID"]
        if leaid not in district_ids:
            district_ids[leaid] = new_id()
            district_rows.append(
                {
                    "id": district_ids[leaid],
                    "nces_leaid": leaid,
                    "name": row.get("District Name") or row["District"],
                    "state": fips.get(leaid[:2], row["State"]),
                }
            )
    school_rows = []
    for row in schools:
        low, high = _cell(row, "Low Grade*"), _cell(row, "High Grade*")
        low_rank, high_rank = _LEVELS.get(low or ""), _LEVELS.get(high or "")
        locale = _cell(row, "Locale Code*")
        locale_code = int(locale) if locale and locale.isdigit() else None
        status = (row["Status"] or "open").lower()
        school_rows.append(
            {
                "name": row["School Name"],
                "district_id": district_ids[row["NCES District ID"]],
                "nces_id": row["NCES School ID"],
                "state": fips.get(row["NCES School ID"][:2], row["State"]),
                "level": _level(low_rank, high_rank),
                "grade_low": low,
                "grade_high": high,
                "grade_low_rank": low_rank,
                "grade_high_rank": high_rank,
                "locale_code": locale_code,
                "locale_type": _LOCALES.get((locale_code or 0) // 10 * 10 + 1),
                "city": _cell(row, "City"),
                "phone": _cell(row, "Phone"),
                "status": status if status in _STATUSES else "open",
                "is_charter": row.get("Charter") == "Yes",
            }
        )
    async with engine.begin() as connection:
        for table, rows in ((District, district_rows), (School, school_rows)):
            for start in range(0, len(rows), 5000):
                await connection.execute(insert(table), rows[start : start + 5000])
    return 0


CONTACT_SCHOOLS = 2000


async def _add_key_contacts(engine: AsyncEngine, seed: int) -> int:
    """Per sampled school: a principal, a partnerships coordinator, a teacher and
    a former principal, so the key-contact query has rows to skip as well as keep."""
    rng = random.Random(seed)
    async with engine.connect() as connection:
        ids = list((await connection.execute(select(School.id).order_by(School.id))).scalars())
    chosen = rng.sample(ids, min(CONTACT_SCHOOLS, len(ids)))
    names = list(PersonNames.first_names)
    surnames = list(PersonNames.last_names)
    now = dt.datetime.now(dt.UTC)
    people: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    roles = [
        (StaffRole.principal, "Principal", None),
        (StaffRole.partnerships_coordinator, "Community Partnerships Coordinator", None),
        (StaffRole.teacher, "Teacher", None),
        (StaffRole.principal, "Principal", dt.date(2020, 6, 30)),
    ]
    for school_id in chosen:
        for role, title, end_date in roles:
            person_id = new_id()
            given, family = rng.choice(names), rng.choice(surnames)
            people.append(
                {
                    "id": person_id,
                    "given_name": given,
                    "family_name": family,
                    "email": f"{given}.{family}.{person_id.hex[-6:]}@example.org".lower(),
                    "phone": f"(555){rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                    "social_handles": {},
                    "verified_at": now if rng.random() < 0.5 else None,
                    "is_active": True,
                }
            )
            assignments.append(
                {
                    "person_id": person_id,
                    "school_id": school_id,
                    "role": role.value,
                    "title": title,
                    "subjects": [],
                    "grade_levels": [],
                    "start_date": dt.date(2019, 8, 1),
                    "end_date": end_date,
                    "is_primary": end_date is None,
                }
            )
    async with engine.begin() as connection:
        for table, rows in ((Person, people), (RoleAssignment, assignments)):
            for start in range(0, len(rows), 2000):
                await connection.execute(insert(table), rows[start : start + 2000])
    return len(chosen)


def contact_school_ids(url: str) -> list[str]:
    """The schools given key contacts, in the (random) order they were chosen."""
    return asyncio.run(_contact_school_ids(url))


async def _contact_school_ids(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(RoleAssignment.school_id)
                .where(RoleAssignment.role == StaffRole.partnerships_coordinator.value)
                .order_by(RoleAssignment.id)
            )
            return [str(school_id) for school_id in rows.scalars()]
    finally:
        await engine.dispose()
