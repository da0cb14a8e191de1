"""Measurement import benchmark: 100,000 readings of 20,000 goals through the service
`trellis import measurements` and `POST /api/v1/measurements/import` call, on PostgreSQL.

    uv run python -m bench.measurements
    uv run python -m bench.measurements --readings 100000 --goals 20000

A fresh, migrated database with one district and its (district-wide) goals, then three
imports of the same file, each committed: every reading new, every reading unchanged,
every value changed. Prints seconds per pass; exits non-zero when the first pass
misses the 10 s budget.
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import sys
import time
from urllib.parse import urlsplit

import psycopg
from sqlalchemy import Table

from api.core.db import create_engine, make_sessionmaker
from api.core.events import flush_events, set_actor
from api.core.records import new_id
from api.core.scope import EVERYTHING
from api.core.unnest import insert_rows
from api.directory.models import District
from api.goals.models import Goal
from api.goals.service.measurement_csv import ColumnMap
from api.goals.service.measurement_import import import_measurements
from api.migrate import upgrade

DATABASE = "trellis_bench_measurements"
BUDGET_SECONDS = 10.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.measurements")
    parser.add_argument("--readings", type=int, default=100_000)
    parser.add_argument("--goals", type=int, default=20_000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "TRELLIS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help=f"an admin URL; the bench drops and creates the database {DATABASE} there",
    )
    return parser.parse_args(argv)


def fresh_database(admin: str) -> str:
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")  # type: ignore[arg-type]
        connection.execute(f"CREATE DATABASE {DATABASE}")  # type: ignore[arg-type]
    url = urlsplit(admin)._replace(scheme="postgresql+asyncpg", path=f"/{DATABASE}").geturl()
    upgrade(url)
    return url


async def seed(url: str, goals: int) -> list[str]:
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    district_id = new_id()
    goal_ids = [new_id() for _ in range(goals)]
    common = {"version": 1, "created_at": now, "updated_at": now}
    try:
        async with make_sessionmaker(engine)() as session:
            await session.execute(
                insert_rows(
                    District.__table__,  # type: ignore[arg-type]
                    [{"id": district_id, "name": "Bench", "state": "CA"} | common],
                )
            )
            table: Table = Goal.__table__  # type: ignore[assignment]
            goal_rows = [
                {
                    "id": g,
                    "district_id": district_id,
                    "school_id": None,
                    "school_year": "2026-27",
                    "title": f"Goal {n}",
                    "area": "math",
                    "direction": "increase",
                    "status": "active",
                    "asked_services": [],
                }
                | common
                for n, g in enumerate(goal_ids)
            ]
            await session.execute(insert_rows(table, goal_rows))
            await session.commit()
    finally:
        await engine.dispose()
    return [str(g) for g in goal_ids]


def csv_text(goal_ids: list[str], readings: int, shift: float) -> str:
    rng = random.Random(7)
    per_goal = max(1, readings // len(goal_ids))
    lines = ["goal_id,measured_on,value,source,note"]
    start = dt.date(2026, 9, 1)
    for n in range(readings):
        goal = goal_ids[n // per_goal % len(goal_ids)]
        day = start + dt.timedelta(days=7 * (n % per_goal))
        lines.append(f"{goal},{day},{rng.uniform(0, 100) + shift:.2f},benchmark,")
    return "\n".join(lines) + "\n"


async def timed_import(url: str, text: str) -> tuple[float, dict[str, int]]:
    engine = create_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            set_actor(session, "bench")
            started = time.perf_counter()
            result = await import_measurements(session, EVERYTHING, text, ColumnMap(), atomic=True)
            await flush_events(session)
            await session.commit()
            seconds = time.perf_counter() - started
    finally:
        await engine.dispose()
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    return seconds, counts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = fresh_database(args.postgres_url)
    goal_ids = asyncio.run(seed(url, args.goals))
    first = None
    for name, shift in (("new", 0.0), ("unchanged", 0.0), ("changed", 1.0)):
        text = csv_text(goal_ids, args.readings, shift)
        seconds, counts = asyncio.run(timed_import(url, text))
        first = seconds if first is None else first
        print(f"{name:>9}: {args.readings:,} readings in {seconds:.2f} s  {counts}")
    ok = first is not None and first <= BUDGET_SECONDS
    print(f"budget {BUDGET_SECONDS:.0f} s for the first import: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
