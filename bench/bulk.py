"""Bulk upsert benchmark: a district's roster of 10,000 schools pushed through
`POST /api/v1/schools/bulk` in batches of the largest size, on SQLite and PostgreSQL.

    uv run python -m bench.bulk                     # both backends
    uv run python -m bench.bulk --backend sqlite

For each backend: a fresh, migrated database with 20 districts, the real server
(`trellis serve`, one worker), then three passes over the same schools, one batch
after another over HTTP: every row new, every row changed (a new name), every row
unchanged. Prints rows/s per pass and exits non-zero when a pass misses its budget.
"""

import argparse
import http.client
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from api.settings import Settings
from bench.credentials import bench_authorization
from bench.own_database import add_postgres_url, fresh_database
from bench.server import Server
from bench.verdicts import Verdict, conclude, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORKDIR = Path(tempfile.gettempdir()) / "trellis-bench-bulk"
BUDGETS = {"postgresql": 5_000.0, "sqlite": 2_000.0}  # rows per second, every pass
DATABASE = "trellis_bench_bulk"
DISTRICTS = 20
LEVELS = [("elementary", "KG", "05"), ("middle", "06", "08"), ("high", "09", "12")]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bulk", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--schools", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    add_postgres_url(parser, DATABASE)
    return parser.parse_args(argv)


class Api:
    def __init__(self, base_url: str, authorization: str | None) -> None:
        port = int(base_url.rsplit(":", 1)[1])
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.headers = {"Content-Type": "application/json"}
        if authorization:
            self.headers["Authorization"] = authorization

    def post(self, path: str, body: Any) -> Any:
        self.connection.request("POST", path, body=json.dumps(body), headers=self.headers)
        answer = self.connection.getresponse()
        payload = json.loads(answer.read())
        if answer.status != 200:
            raise RuntimeError(f"POST {path} answered {answer.status}: {str(payload)[:500]}")
        return payload


def district_rows() -> list[dict[str, Any]]:
    return [
        {"name": f"Bench District {n:02d}", "state": "CA", "nces_leaid": f"{690_0000 + n:07d}"}
        for n in range(DISTRICTS)
    ]


def school_rows(count: int, district_ids: list[str], seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        level, low, high = rng.choice(LEVELS)
        rows.append(
            {
                "name": f"Bench School {n:05d}",
                "district_id": rng.choice(district_ids),
                "nces_id": f"{690_000_000_000 + n:012d}",
                "state_school_id": f"CA-BENCH-{n:05d}",
                "level": level,
                "grade_low": low,
                "grade_high": high,
                "locale_code": rng.choice([11, 21, 31, 41]),
                "street": f"{rng.randint(1, 9999)} Main St",
                "city": "Sacramento",
                "state": "CA",
                "zip": f"9{rng.randint(5000, 6199):04d}",
                "status": "open",
                "is_charter": rng.random() < 0.1,
                "enrollment": rng.randint(80, 2500),
            }
        )
    return rows


def push(api: Api, rows: list[dict[str, Any]], batch: int) -> tuple[float, dict[str, int]]:
    """Seconds to push every row, batch after batch, and the answers' counts."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    began = time.perf_counter()
    for start in range(0, len(rows), batch):
        result = api.post("/api/v1/schools/bulk", {"items": rows[start : start + batch]})
        for name in counts:
            counts[name] += result[name]
    return time.perf_counter() - began, counts


def run_backend(backend: str, args: argparse.Namespace, batch: int) -> dict[str, float]:
    url = fresh_database(backend, args.postgres_url, DATABASE, WORKDIR / "bulk.db")
    with Server(url, RESULTS / f"server-bulk-{backend}.log") as server:
        api = Api(server.base_url, bench_authorization(url, server.base_url))
        districts = api.post("/api/v1/districts/bulk", {"items": district_rows()})
        district_ids = [str(uuid.UUID(r["id"])) for r in districts["results"]]
        rows = school_rows(args.schools, district_ids, args.seed)
        renamed = [row | {"name": row["name"] + " Academy"} for row in rows]
        figures = {}
        for name, body, expected in (
            ("new", rows, "created"),
            ("changed", renamed, "updated"),
            ("unchanged", renamed, "unchanged"),
        ):
            seconds, counts = push(api, body, batch)
            if counts[expected] != len(body):
                raise RuntimeError(f"[{backend}] {name}: expected all {expected}, got {counts}")
            figures[name] = len(body) / seconds
            print(
                f"[{backend}] {name:<9} {len(body):,} rows in {seconds:5.2f} s "
                f"= {figures[name]:7,.0f} rows/s (budget >= {BUDGETS[backend]:,.0f})",
                flush=True,
            )
    return figures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    batch = Settings().bulk_max_rows
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    missed = []
    for backend in backends:
        figures = run_backend(backend, args, batch)
        for name, rate in figures.items():
            record(
                Verdict(
                    area="bulk",
                    budget=f"schools bulk upsert, {name} rows ({backend}) >= "
                    f"{BUDGETS[backend]:,.0f}/s",
                    value=rate,
                    unit="rows/s",
                    ok=rate >= BUDGETS[backend],
                )
            )
        missed += [
            f"{backend} {name}: {rate:,.0f} rows/s < {BUDGETS[backend]:,.0f}"
            for name, rate in figures.items()
            if rate < BUDGETS[backend]
        ]
    return conclude(
        missed, f"every pass within budget ({args.schools:,} schools, batches of {batch:,})"
    )


if __name__ == "__main__":
    sys.exit(main())
