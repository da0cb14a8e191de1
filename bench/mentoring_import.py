"""Match-history import benchmark: the Big Brothers Big Sisters Twin Cities export
(3,275 matches) through `POST /api/v1/mentoring/programs/{id}/matches/import`.

    uv run python -m bench.mentoring_import                 # PostgreSQL, the budget's backend
    uv run python -m bench.mentoring_import --backend sqlite

A fresh, migrated database with one programme, the real server (`trellis serve`, one
worker), then the file posted twice: every match new, then every match unchanged.
Prints the seconds of each and exits non-zero when one misses the budget (3 s).
"""

import argparse
import asyncio
import datetime as dt
import http.client
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from api.core.db import create_engine
from bench.credentials import bench_authorization
from bench.own_database import add_postgres_url, fresh_database
from bench.server import Server
from bench.verdicts import Verdict, conclude, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SHARED_DATA = ROOT.parent / "shared" / "data"
BBBS = "bbbs-twin-cities-mentoring-matches/bbbs_tc_matches.csv"
WORKDIR = Path(tempfile.gettempdir()) / "trellis-bench-mentoring-import"
DATABASE = "trellis_bench_mentoring_import"
BUDGET_SECONDS = 3.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.mentoring_import", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument(
        "--file",
        type=Path,
        default=Path(os.environ.get("TRELLIS_SHARED_DATA", SHARED_DATA)) / BBBS,
    )
    add_postgres_url(parser, DATABASE)
    return parser.parse_args(argv)


def create_program(url: str) -> uuid.UUID:
    from api.mentoring.models import Program

    program_id = uuid.uuid4()

    async def create() -> None:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.execute(
                    insert(Program).values(
                        id=program_id,
                        name="BBBS Twin Cities history",
                        kind="mentoring",
                        start_date=dt.date(2017, 1, 1),
                        cadence_days=14,
                        target_caseload=1,
                        status="active",
                        version=1,
                    )
                )
        finally:
            await engine.dispose()

    asyncio.run(create())
    return program_id


def post_csv(base_url: str, authorization: str | None, path: str, body: bytes) -> dict[str, int]:
    port = int(base_url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Content-Type": "text/csv"}
    if authorization:
        headers["Authorization"] = authorization
    connection.request("POST", path, body=body, headers=headers)
    answer = connection.getresponse()
    payload = json.loads(answer.read())
    connection.close()
    if answer.status != 200:
        raise RuntimeError(f"POST {path} answered {answer.status}: {str(payload)[:500]}")
    return payload  # type: ignore[no-any-return]


def warm_up(base_url: str, authorization: str | None) -> None:
    """One request first, so the timings leave out the new process's first-call costs."""
    port = int(base_url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Authorization": authorization} if authorization else {}
    connection.request("GET", "/api/v1/metrics/mentoring/matches", headers=headers)
    connection.getresponse().read()
    connection.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    body = args.file.read_bytes()
    url = fresh_database(args.backend, args.postgres_url, DATABASE, WORKDIR / "import.db")
    program_id = create_program(url)
    path = f"/api/v1/mentoring/programs/{program_id}/matches/import"
    missed = []
    log = RESULTS / f"server-mentoring-import-{args.backend}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with Server(url, log) as server:
        authorization = bench_authorization(url, server.base_url)
        warm_up(server.base_url, authorization)
        for name, expected in (("new", "created"), ("unchanged", "unchanged")):
            began = time.perf_counter()
            result = post_csv(server.base_url, authorization, path, body)
            seconds = time.perf_counter() - began
            if result["errors"] or result[expected] != result["lines"]:
                raise RuntimeError(f"{name}: expected every line {expected}, got {result}")
            print(
                f"[{args.backend}] {name:<9} {result['lines']:,} matches in {seconds:5.2f} s "
                f"(budget <= {BUDGET_SECONDS:.0f} s)",
                flush=True,
            )
            record(
                Verdict(
                    area="mentoring",
                    budget=f"BBBS import, {name} ({args.backend}) <= {BUDGET_SECONDS:.0f} s",
                    value=seconds,
                    unit="s",
                    ok=seconds <= BUDGET_SECONDS,
                )
            )
            if seconds > BUDGET_SECONDS:
                missed.append(f"{name}: {seconds:.2f} s > {BUDGET_SECONDS:.0f} s")
    return conclude(missed, f"the import within {BUDGET_SECONDS:.0f} s, new and unchanged")


if __name__ == "__main__":
    sys.exit(main())
