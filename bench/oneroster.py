"""OneRoster import benchmark: a generated district of 10,000 staff users (and their
roles, and students that are skipped) imported as `trellis import oneroster` does.

    uv run python -m bench.oneroster                      # PostgreSQL
    uv run python -m bench.oneroster --backend sqlite

A fresh, migrated database; the zip is imported twice, every record new, then every
record unchanged. Prints the seconds of each pass and exits non-zero when a pass
takes longer than the budget (10 s on PostgreSQL).
"""

import argparse
import asyncio
import csv
import io
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from api.core.db import create_database, create_engine
from api.core.events import flush_events, set_actor
from api.core.scope import EVERYTHING
from api.directory.oneroster.importer import Target, import_oneroster
from api.migrate import upgrade
from bench.own_database import add_postgres_url, empty_postgres
from bench.verdicts import Verdict, record

BUDGET_SECONDS = 10.0
ROLES = ["teacher", "teacher", "teacher", "aide", "counselor", "principal", "administrator"]
MODIFIED = "2026-01-05T10:00:00.000Z"
DATABASE = "trellis_bench_oneroster"
MANIFEST = (
    "propertyName,value\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\nfile.roles,bulk\n"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.oneroster", description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    add_postgres_url(parser, DATABASE)
    return parser.parse_args(argv)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def fresh_database(backend: str, postgres_admin: str) -> str:
    if backend == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="trellis-bench-oneroster-")) / "bench.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
    else:
        url = empty_postgres(postgres_admin, DATABASE)
    upgrade(url)
    return url


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def roster(users: int, schools: int, seed: int) -> bytes:
    pick = random.Random(seed)
    orgs = [["dst-1", "active", MODIFIED, "Bench Unified", "district", "0699999", ""]]
    orgs += [
        [f"sch-{n}", "active", MODIFIED, f"Bench School {n}", "school", f"BS-{n}", "dst-1"]
        for n in range(schools)
    ]
    people, roles = [], []
    for n in range(users + users // 5):
        staff = n < users
        people.append(
            [f"u-{n}", "active", MODIFIED, "true", f"user{n}", f"Given{n}", f"Family{n}",
             f"user{n}@bench.example.org" if staff else "", f"555-{n % 10_000:04d}"]
        )  # fmt: skip
        role = pick.choice(ROLES) if staff else "student"
        school = f"sch-{pick.randrange(schools)}"
        roles.append([f"r-{n}", "active", MODIFIED, f"u-{n}", "primary", role, school])
    return zipped(
        {
            "manifest.csv": MANIFEST,
            "orgs.csv": _csv(
                ["sourcedId", "status", "dateLastModified", "name", "type", "identifier",
                 "parentSourcedId"], orgs,
            ),
            "users.csv": _csv(
                ["sourcedId", "status", "dateLastModified", "enabledUser", "username",
                 "givenName", "familyName", "email", "phone"], people,
            ),
            "roles.csv": _csv(
                ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role",
                 "orgSourcedId"], roles,
            ),
        }
    )  # fmt: skip


async def timed_import(url: str, data: bytes) -> tuple[float, str]:
    database = create_database(create_engine(url))
    try:
        started = time.perf_counter()
        async with database.sessionmaker() as session:
            set_actor(session, "bench:oneroster")
            summary = await import_oneroster(session, EVERYTHING, data, Target(state="CA"))
            await flush_events(session)
            await session.commit()
        return time.perf_counter() - started, summary.model_dump_json()
    finally:
        await database.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data = roster(args.users, args.schools, args.seed)
    url = fresh_database(args.backend, args.postgres_url)
    print(f"OneRoster import, {args.users:,} staff users, {args.backend}, zip {len(data):,} bytes")
    failed = False
    for name in ("new", "unchanged"):
        seconds, summary = asyncio.run(timed_import(url, data))
        verdict = "ok" if seconds <= BUDGET_SECONDS else "OVER BUDGET"
        failed |= seconds > BUDGET_SECONDS
        record(
            Verdict(
                area="oneroster",
                budget=f"import {args.users:,} users, {name} ({args.backend}) <= "
                f"{BUDGET_SECONDS:.0f} s",
                value=seconds,
                unit="s",
                ok=seconds <= BUDGET_SECONDS,
            )
        )
        print(f"  {name:9} {seconds:6.2f} s (budget {BUDGET_SECONDS:.0f} s) {verdict}")
        print(f"            {summary}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
