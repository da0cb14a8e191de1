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
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import psycopg
from uuid_utils.compat import uuid7

from api.migrate import upgrade
from api.partners.vocabulary import (
    CADENCE_DAYS,
    InteractionKind,
    PartnerKind,
    ResourceType,
    ServiceCategory,
)
from bench.loadgen import find_wrk

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ADMIN_URL = os.environ.get(
    "TRELLIS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
# The areas' shared database; another name keeps a second dataset beside it.
DATABASE = os.environ.get("TRELLIS_BENCH_DATABASE", "trellis_bench_partners")
SOURCE_DATABASE = "trellis_bench"
SCHOOLS, PARTNERS, AGREEMENTS, INTERACTIONS = 100_000, 5_000, 50_000, 500_000
BUDGETS = {  # endpoint: (percentile, milliseconds)
    "metrics_district": ("p95", 150.0),
    "metrics_all": ("p95", 150.0),
    "expiring_list": ("p99", 25.0),
}
TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)


def libpq_url(database: str) -> str:
    return urlsplit(ADMIN_URL)._replace(path=f"/{database}").geturl()


def async_url(database: str) -> str:
    return libpq_url(database).replace("postgresql://", "postgresql+asyncpg://", 1)


# Loading


def ensure_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    upgrade(async_url(DATABASE))


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
    await _generate_directory(target)
    return "generated"


async def _generate_directory(target: asyncpg.Connection) -> None:
    rng = random.Random(1)
    # Real districts are mostly tiny with a few very large ones.
    sizes = [max(1, int(rng.paretovariate(1.1))) for _ in range(20_000)]
    districts, schools = [], []
    left = SCHOOLS
    for n, size in enumerate(sizes):
        if left <= 0:
            break
        district_id = uuid7()
        districts.append((district_id, f"District {n}", "CA", NOW, NOW, 1))
        for _ in range(min(size, left)):
            schools.append(
                (
                    uuid7(),
                    f"School {len(schools)}",
                    district_id,
                    "elementary",
                    "CA",
                    "open",
                    NOW,
                    NOW,
                    1,
                )
            )
        left -= size
    await target.copy_records_to_table(
        "districts",
        records=districts,
        columns=["id", "name", "state", "created_at", "updated_at", "version"],
    )
    await target.copy_records_to_table(
        "schools",
        records=schools,
        columns=[
            "id",
            "name",
            "district_id",
            "level",
            "state",
            "status",
            "created_at",
            "updated_at",
            "version",
        ],
    )


async def generate_partnerships(target: asyncpg.Connection, seed: int) -> None:
    rng = random.Random(seed)
    schools = await target.fetch("SELECT id, district_id FROM schools")
    by_district: dict[Any, list[Any]] = {}
    for row in schools:
        by_district.setdefault(row["district_id"], []).append(row["id"])
    categories = [c.value for c in ServiceCategory]
    partners = [
        (
            uuid7(),
            f"Partner {n:05d}",
            rng.choice(list(PartnerKind)).value,
            json.dumps(rng.sample(categories, rng.randint(1, 3))),
            rng.choices(["active", "prospective", "inactive"], [8, 1, 1])[0],
            NOW,
            NOW,
            1,
        )
        for n in range(PARTNERS)
    ]
    await _copy(target, "partners", PARTNER_COLUMNS, partners)
    # A few partners (City Year, Boys & Girls Clubs) hold many agreements; most a few.
    partner_ids = [row[0] for row in partners]
    partner_weights = [1 / (n + 1) ** 0.8 for n in range(PARTNERS)]
    statuses = ["draft", "proposed", "active", "terminated", "withdrawn"]
    cadences = [c.value for c in CADENCE_DAYS] + [None]
    agreements, links, services, resources, spans = [], [], [], [], []
    for n in range(AGREEMENTS):
        agreement_id = uuid7()
        status = rng.choices(statuses, [8, 5, 62, 15, 10])[0]
        end = TODAY + dt.timedelta(days=rng.randint(-365, 730))
        start = end - dt.timedelta(days=rng.choice([180, 365, 730]))
        # Agreements land where the schools are: big districts hold many.
        district = rng.choice(schools)["district_id"]
        district_wide = rng.random() < 0.04
        if not district_wide:
            pool = by_district[district]
            named = rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2, 3])))
            links += [(agreement_id, school_id) for school_id in named]
        items = [
            (uuid7(), agreement_id, position, rng.choice(categories), "[]", rng.randint(0, 200))
            for position in range(rng.randint(1, 3))
        ]
        services += items
        totals = dict.fromkeys(ResourceType, 0.0)
        for position in range(rng.randint(0, 2)):
            kind = rng.choice(list(ResourceType))
            amount = round(rng.uniform(100, 50_000), 2)
            totals[kind] += amount
            unit = "USD" if kind in (ResourceType.funding, ResourceType.in_kind) else "hours"
            resources.append((uuid7(), agreement_id, position, kind.value, amount, unit))
        agreements.append(
            (
                agreement_id,
                rng.choices(partner_ids, partner_weights)[0],
                district,
                district_wide,
                f"Agreement {n:05d}",
                status,
                start,
                end,
                rng.choice(cadences),
                "[]",
                end if status == "terminated" else None,
                sum(item[5] for item in items),
                *(round(totals[kind], 2) for kind in ResourceType),
                NOW,
                NOW,
                1,
            )
        )
        spans.append((agreement_id, start, min(end, TODAY)))
    await _copy(target, "agreements", AGREEMENT_COLUMNS, agreements)
    await _copy(target, "agreement_schools", ["agreement_id", "school_id"], links)
    await _copy(
        target,
        "agreement_services",
        ["id", "agreement_id", "position", "category", "grade_levels", "target_students"],
        services,
    )
    await _copy(
        target,
        "agreement_resources",
        ["id", "agreement_id", "position", "type", "amount", "unit"],
        resources,
    )
    kinds = [k.value for k in InteractionKind]
    interactions, items_due = [], []
    for _ in range(INTERACTIONS):
        agreement_id, start, last = rng.choice(spans)
        span = max(0, (last - start).days)
        occurred = min(start + dt.timedelta(days=rng.randint(0, span)), TODAY)
        interaction_id = uuid7()
        interactions.append(
            (interaction_id, agreement_id, occurred, rng.choice(kinds), "[]", NOW, NOW, 1)
        )
        if rng.random() < 0.5:
            due = occurred + dt.timedelta(days=rng.randint(3, 30))
            done = rng.random() < 0.6
            items_due.append(
                (uuid7(), interaction_id, agreement_id, 0, "Follow up", due, done, NOW, NOW, 1)
            )
    await _copy(target, "interactions", INTERACTION_COLUMNS, interactions)
    await _copy(target, "action_items", ACTION_ITEM_COLUMNS, items_due)
    # What the interactions service keeps in the writing transaction.
    await target.execute(
        "UPDATE agreements a SET last_interaction_on = m.last "
        "FROM (SELECT agreement_id, max(occurred_on) AS last FROM interactions GROUP BY 1) m "
        "WHERE a.id = m.agreement_id"
    )


PARTNER_COLUMNS = [
    "id",
    "name",
    "kind",
    "focus_areas",
    "status",
    "created_at",
    "updated_at",
    "version",
]
AGREEMENT_COLUMNS = [
    "id",
    "partner_id",
    "district_id",
    "district_wide",
    "title",
    "status",
    "start_date",
    "end_date",
    "cadence",
    "channels",
    "terminated_on",
    "students_target",
    "funding_usd",
    "in_kind_usd",
    "volunteer_hours",
    "staff_hours",
    "created_at",
    "updated_at",
    "version",
]
INTERACTION_COLUMNS = [
    "id",
    "agreement_id",
    "occurred_on",
    "kind",
    "decisions",
    "created_at",
    "updated_at",
    "version",
]
ACTION_ITEM_COLUMNS = [
    "id",
    "interaction_id",
    "agreement_id",
    "position",
    "text",
    "due_date",
    "done",
    "created_at",
    "updated_at",
    "version",
]


async def _copy(
    target: asyncpg.Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    await target.copy_records_to_table(table, records=rows, columns=columns)


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


# Measuring


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
    runs = area.measure_targets(
        "partners",
        {name: area.Target(paths) for name, paths in asyncio.run(targets()).items()},
        seconds=args.seconds,
        connections=args.connections,
        wrk=None if args.python_load else find_wrk(),
    )
    budgets = {name: area.Budget(*budget) for name, budget in BUDGETS.items()}
    failed = area.verdicts(runs, budgets)
    area.write_results(
        "partners", argv, data=report, runs=runs, budgets={k: vars(v) for k, v in budgets.items()}
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
