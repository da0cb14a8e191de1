"""Measurement import benchmark: 100,000 readings of 20,000 goals through the service
`trellis import measurements` and `POST /api/v1/measurements/import` call, on PostgreSQL.

    uv run python -m bench.measurements
    uv run python -m bench.measurements --readings 100000 --goals 20000

A fresh, migrated database with one district and its (district-wide) goals, then three
imports of the same file, each committed: every reading new, every reading unchanged,
every value changed; then a file of as many new readings over HTTP. Prints seconds per pass (and the CPU time this process spent,
the rest being the database's and the machine's other work); exits non-zero when the first pass
misses the 10 s budget.
"""

import argparse
import asyncio
import datetime as dt
import http.client
import json
import random
import sys
import time
from pathlib import Path

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
from bench.credentials import bench_authorization
from bench.own_database import add_postgres_url, fresh_postgres
from bench.server import Server

DATABASE = "trellis_bench_measurements"
RESULTS = Path(__file__).resolve().parent / "results"
BUDGET_SECONDS = 10.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.measurements")
    parser.add_argument("--readings", type=int, default=100_000)
    parser.add_argument("--goals", type=int, default=20_000)
    add_postgres_url(parser, DATABASE)
    return parser.parse_args(argv)


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


def csv_text(
    goal_ids: list[str], readings: int, shift: float, start: dt.date = dt.date(2026, 9, 1)
) -> str:
    rng = random.Random(7)
    per_goal = max(1, readings // len(goal_ids))
    lines = ["goal_id,measured_on,value,source,note"]
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
            started, cpu = time.perf_counter(), time.process_time()
            result = await import_measurements(session, EVERYTHING, text, ColumnMap(), atomic=True)
            await flush_events(session)
            await session.commit()
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
    finally:
        await engine.dispose()
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    return seconds, counts | {"python_cpu_ms": round(cpu * 1000)}


def timed_http_import(url: str, text: str) -> tuple[float, dict[str, int]]:
    """The same file through `POST /api/v1/measurements/import` on the real server."""
    with Server(url, RESULTS / "server-measurements.log") as server:
        headers = {"Content-Type": "text/csv"}
        authorization = bench_authorization(url, server.base_url)
        if authorization:
            headers["Authorization"] = authorization
        port = int(server.base_url.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        started = time.perf_counter()
        connection.request("POST", "/api/v1/measurements/import", text.encode(), headers)
        answer = connection.getresponse()
        body = json.loads(answer.read())
        seconds = time.perf_counter() - started
    if answer.status != 200:
        raise RuntimeError(f"the import answered {answer.status}: {str(body)[:500]}")
    return seconds, {name: body[name] for name in ("created", "updated", "unchanged")}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = fresh_postgres(args.postgres_url, DATABASE)
    goal_ids = asyncio.run(seed(url, args.goals))
    first = None
    for name, shift in (("new", 0.0), ("unchanged", 0.0), ("changed", 1.0)):
        text = csv_text(goal_ids, args.readings, shift)
        seconds, counts = asyncio.run(timed_import(url, text))
        first = seconds if first is None else first
        print(f"{name:>9}: {args.readings:,} readings in {seconds:.2f} s  {counts}", flush=True)
    http_seconds, counts = timed_http_import(
        url, csv_text(goal_ids, args.readings, 0.0, dt.date(2027, 9, 1))
    )
    print(f"     http: {args.readings:,} readings in {http_seconds:.2f} s  {counts}")
    ok = first is not None and first <= BUDGET_SECONDS
    print(f"budget {BUDGET_SECONDS:.0f} s for the first import: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
