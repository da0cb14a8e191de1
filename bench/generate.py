"""`python -m bench.generate`: the full scale dataset every area's benchmark reads, built
in PostgreSQL stage by stage, each stage timed:

1. directory: 100,000 schools (the real NCES exports, generated copies beyond) through
   the NCES importer into `trellis_bench`, exactly as `bench.run` loads it;
2. partnerships: that directory copied into the areas' database with COPY, then
   5,000 partners, 50,000 agreements and 500,000 interactions with COPY;
3. people: staff up to 500,000 people, each with a role at a school, with COPY;
4. goals: 200,000 goals and 1,000,000 progress readings, generated in SQL;
5. mentoring: 20,000 participants, 50,000 matches and 500,000 check-ins, in SQL.

The whole build must take under 10 minutes. Prints each stage's seconds and each
table's rows against its target; exits 1 when over time or short of a target.
"""

import argparse
import asyncio
import datetime as dt
import random
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from faker.providers.person.en_US import Provider as PersonNames
from uuid_utils.compat import uuid7

from api.directory.vocabulary import StaffRole
from bench import area, dataset, goals, mentoring, partners, partners_data
from bench.run import WORKDIR

BUILD_BUDGET_SECONDS = 600.0
TARGETS = {
    "schools": 100_000,
    "people": 500_000,
    "agreements": 50_000,
    "interactions": 500_000,
    "goals": 200_000,
    "goal_measurements": 1_000_000,
    "mentoring_participants": 20_000,
    "mentoring_matches": 50_000,
    "mentoring_check_ins": 500_000,
}
STAFF_MARK = "bench-staff-"
STAFF_ROLES = [StaffRole.teacher] * 12 + [
    StaffRole.counselor,
    StaffRole.specialist,
    StaffRole.assistant_principal,
    StaffRole.coach,
]
PEOPLE_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "version",
    "given_name",
    "family_name",
    "email",
    "social_handles",
    "is_active",
    "sis_id",
    "verified_at",
]
ROLE_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "version",
    "person_id",
    "school_id",
    "role",
    "subjects",
    "grade_levels",
    "is_primary",
]


def build_directory(seed: int) -> dict[str, Any]:
    paths, generated = dataset.generate_files(TARGETS["schools"], WORKDIR, seed)
    url = dataset.fresh_database("postgresql", WORKDIR / "unused.db", partners.ADMIN_URL)
    report = dataset.load("postgresql", url, paths, generated, seed)
    return {"schools": report.schools, "districts": report.districts}


async def add_staff(seed: int) -> dict[str, Any]:
    """Staff at random schools until the directory holds the target number of people."""
    async with area.connected() as connection:
        mark = f"{STAFF_MARK}%"
        await connection.execute(
            "DELETE FROM role_assignments WHERE person_id IN "
            "(SELECT id FROM people WHERE sis_id LIKE $1)",
            mark,
        )
        await connection.execute("DELETE FROM people WHERE sis_id LIKE $1", mark)
        wanted = TARGETS["people"] - await connection.fetchval("SELECT count(*) FROM people")
        schools = [row["id"] for row in await connection.fetch("SELECT id FROM schools")]
        people, roles = staff_rows(max(0, wanted), schools, seed)
        await connection.copy_records_to_table("people", records=people, columns=PEOPLE_COLUMNS)
        await connection.copy_records_to_table(
            "role_assignments", records=roles, columns=ROLE_COLUMNS
        )
        for table in ("people", "role_assignments"):
            await connection.execute(f"VACUUM ANALYZE {table}")
        return {"added": len(people)}


def staff_rows(
    count: int, schools: list[Any], seed: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    rng = random.Random(seed)
    given, family = list(PersonNames.first_names), list(PersonNames.last_names)
    now = partners_data.NOW
    people, roles = [], []
    for n in range(count):
        person_id = uuid7()
        first, last = rng.choice(given), rng.choice(family)
        verified = now - dt.timedelta(days=rng.randrange(900)) if n % 3 else None
        email = f"{first}.{last}.{n}@staff.example.org".lower()
        people.append(
            (person_id, now, now, 1, first, last, email, "{}", True, f"{STAFF_MARK}{n}", verified)
        )
        role = rng.choice(STAFF_ROLES)
        roles.append((uuid7(), now, now, 1, person_id, rng.choice(schools), role, "[]", "[]", True))
    return people, roles


async def counts() -> dict[str, int]:
    async with area.connected() as connection:
        return {
            table: int(await connection.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608
            for table in TARGETS
        }


def timed(name: str, stage: Callable[[], Any], seconds: dict[str, float]) -> Any:
    began = time.perf_counter()
    print(f"{name} ...", flush=True)
    result = stage()
    seconds[name] = time.perf_counter() - began
    print(f"{name}: {seconds[name]:.1f} s  {result}", flush=True)
    return result


def run_async(make: Callable[[], Awaitable[Any]]) -> Callable[[], Any]:
    return lambda: asyncio.run(make())  # type: ignore[arg-type]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse-directory",
        action="store_true",
        help="keep trellis_bench's schools if it has them (skips stage 1's import)",
    )
    parser.add_argument(
        "--if-missing",
        action="store_true",
        help="build nothing when every table already holds its target",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seconds: dict[str, float] = {}
    began = time.perf_counter()
    area.database_url()  # the areas' database, created and migrated
    if args.if_missing and all(n >= TARGETS[table] for table, n in asyncio.run(counts()).items()):
        print("the scale dataset is in place; nothing to build")
        return 0
    if not args.reuse_directory:
        timed("directory", lambda: build_directory(args.seed), seconds)
    timed("partnerships", run_async(lambda: partners.load(args.seed, reload=True)), seconds)
    timed("people", run_async(lambda: add_staff(args.seed)), seconds)
    timed("goals", run_async(lambda: goals.load(args.seed, reload=True)), seconds)
    timed("mentoring", run_async(lambda: mentoring.load(args.seed, reload=True)), seconds)
    total = time.perf_counter() - began
    rows = asyncio.run(counts())
    short = {table: n for table, n in rows.items() if n < TARGETS[table]}
    print(f"\n{'table':<24}{'rows':>12}{'target':>12}")
    for table, n in rows.items():
        print(
            f"{table:<24}{n:>12,}{TARGETS[table]:>12,}  {'ok' if n >= TARGETS[table] else 'SHORT'}"
        )
    over = total > BUILD_BUDGET_SECONDS
    print(
        f"\nbuilt in {total:.0f} s (budget {BUILD_BUDGET_SECONDS:.0f} s)  "
        f"{'FAIL' if over else 'ok'}; stages: "
        + ", ".join(f"{name} {s:.0f} s" for name, s in seconds.items())
    )
    area.write_results(
        "generate", argv, seconds=seconds, total_seconds=total, rows=rows, targets=TARGETS
    )
    return 1 if over or short else 0


if __name__ == "__main__":
    sys.exit(main())
