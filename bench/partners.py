"""Partners benchmark: 100,000 schools, 5,000 partners, 50,000 agreements and
500,000 interactions in PostgreSQL, then the issue's latency budgets on loopback.

    uv run python -m bench.partners            # load (once) and measure
    uv run python -m bench.partners --reload   # load again from scratch

Schools and districts are copied from the directory benchmark's database when it
holds 100,000 schools (real NCES shapes), else generated. The rest is generated
with a fixed seed and written with COPY; `last_interaction_on` is then set the way
the interactions service keeps it. The server is the real one (`trellis serve`, one
worker) and the load generator is wrk with a Lua reporter (p50/p95/p99), or a
bounded asyncio client when wrk is missing.
"""

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import psycopg

from api.migrate import upgrade
from bench.partners_data import (
    AGREEMENTS,
    INTERACTIONS,
    PARTNERS,
    SCHOOLS,
    generate_directory,
    generate_partnerships,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ADMIN_URL = os.environ.get(
    "TRELLIS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
# The areas' shared database; another name keeps a second dataset beside it.
DATABASE = os.environ.get("TRELLIS_BENCH_DATABASE", "trellis_bench_partners")
SOURCE_DATABASE = "trellis_bench"
BUDGETS = {  # endpoint: (percentile, milliseconds)
    "metrics_district": ("p95", 150.0),
    "metrics_all": ("p95", 150.0),
    "expiring_list": ("p99", 25.0),
}


def libpq_url(database: str) -> str:
    return urlsplit(ADMIN_URL)._replace(path=f"/{database}").geturl()


def async_url(database: str) -> str:
    return libpq_url(database).replace("postgresql://", "postgresql+asyncpg://", 1)


def ensure_database(database: str = DATABASE, template: str | None = None) -> None:
    """Create `database` unless it is there (a file copy of `template` when one is
    named), then bring it to the latest migration."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
            admin.execute(f'CREATE DATABASE "{database}"{copy}')
    upgrade(async_url(database))


async def _count(connection: asyncpg.Connection, table: str) -> int:
    return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608


async def loaded(connection: asyncpg.Connection) -> bool:
    wanted = {
        "schools": SCHOOLS,
        "partners": PARTNERS,
        "agreements": AGREEMENTS,
        "interactions": INTERACTIONS,
    }
    return all([await _count(connection, table) >= n for table, n in wanted.items()])


async def _columns(connection: asyncpg.Connection, table: str) -> list[str]:
    rows = await connection.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
        "ORDER BY ordinal_position",
        table,
    )
    return [row["column_name"] for row in rows]


async def copy_directory(target: asyncpg.Connection) -> str:
    """Districts and schools from the directory benchmark, else generated ones."""
    try:
        source = await asyncpg.connect(libpq_url(SOURCE_DATABASE))
    except (OSError, asyncpg.PostgresError):
        source = None
    if source is not None and await _count(source, "schools") >= SCHOOLS:
        try:
            for table in ("districts", "schools"):
                columns = await _columns(target, table)
                rows = await source.fetch(
                    f"SELECT {', '.join(columns)} FROM {table} ORDER BY id LIMIT {SCHOOLS * 2}"  # noqa: S608
                )
                await target.copy_records_to_table(table, records=rows, columns=columns)
            return f"copied from {SOURCE_DATABASE}"
        finally:
            await source.close()
    await generate_directory(target)
    return "generated"


async def load(seed: int, reload: bool) -> dict[str, Any]:
    connection = await asyncpg.connect(libpq_url(DATABASE))
    try:
        if not reload and await loaded(connection):
            return {"reused": True}
        began = time.perf_counter()
        await connection.execute(
            "TRUNCATE action_items, interaction_attendees, interactions, agreement_resources, "
            "agreement_services, agreement_schools, agreements, partners, role_assignments, "
            "people, schools, districts, events, api_clients CASCADE"
        )
        source = await copy_directory(connection)
        await generate_partnerships(connection, seed)
        await connection.execute("VACUUM ANALYZE")
        counts = {
            table: await _count(connection, table)
            for table in ("schools", "partners", "agreements", "interactions", "action_items")
        }
        return {"schools_from": source, **counts, "seconds": round(time.perf_counter() - began, 1)}
    finally:
        await connection.close()


async def targets() -> dict[str, list[str]]:
    connection = await asyncpg.connect(libpq_url(DATABASE))
    try:
        # The districts with the most agreements: the heaviest single-district rollups.
        busiest = await connection.fetch(
            "SELECT district_id AS id FROM agreements GROUP BY 1 ORDER BY count(*) DESC LIMIT 20"
        )
    finally:
        await connection.close()
    metrics = "/api/v1/metrics/partnerships"
    return {
        "metrics_district": [f"{metrics}?district_id={row['id']}" for row in busiest],
        "metrics_all": [metrics],
        "metrics_all_by_school": [f"{metrics}?group_by=school"],
        "metrics_all_by_partner": [f"{metrics}?group_by=partner"],
        "metrics_all_by_category": [f"{metrics}?group_by=service_category"],
        "expiring_list": [f"/api/v1/agreements?expiring_within_days={d}" for d in (30, 60, 90)],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reload", action="store_true", help="Load the data again.")
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--seconds", type=int, default=20, help="Per endpoint.")
    parser.add_argument(
        "--connections",
        type=int,
        default=1,
        help="Concurrent clients (closed loop); 1 measures the latency of one request alone.",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python-load", action="store_true", help="Skip wrk.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from bench import area  # it reads this module's database settings

    args = parse_args(argv)
    ensure_database()
    report = asyncio.run(load(args.seed, args.reload))
    print(f"data: {report}", flush=True)
    if args.load_only:
        return 0
    budgets = {name: area.Budget(*budget) for name, budget in BUDGETS.items()}
    runs, failed = area.measure_and_judge(
        "partners",
        {name: area.Target(paths) for name, paths in asyncio.run(targets()).items()},
        budgets,
        args,
    )
    area.write_results(
        "partners", argv, data=report, runs=runs, budgets={k: vars(v) for k, v in budgets.items()}
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
