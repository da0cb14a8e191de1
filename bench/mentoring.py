"""Mentoring benchmark: the partners benchmark's directory plus 20,000 participants,
50,000 matches, 500,000 check-ins, 100,000 survey responses and 40,000 reviews in
PostgreSQL (`bench.mentoring_data`), then the issue's budgets:

- `GET /metrics/mentoring` for everything (p95 <= 300 ms) and for one district
  (p95 <= 100 ms), on loopback against the real server;
- match suggestions for 300 mentors and 1,000 mentees <= 2 s (`bench.mentoring_suggestions`);
- importing the BBBS match file <= 3 s (`bench.mentoring_import`).

    uv run python -m bench.mentoring            # load (once) and measure
    uv run python -m bench.mentoring --reload   # generate the mentoring records again
"""

import argparse
import asyncio
import sys
from typing import Any

import asyncpg

from bench import area, mentoring_data, mentoring_import, mentoring_suggestions, partners
from bench.area import Budget, Target
from bench.loadgen import find_wrk

BUDGETS = {
    "impact_all": Budget("p95", 300.0),
    "impact_district": Budget("p95", 100.0),
}
# Over the whole life of the generated programmes, so every level has its figures.
PERIOD = "from=2024-08-01&to=2026-11-30"


async def load(seed: int, reload: bool) -> dict[str, Any]:
    report: dict[str, Any] = {"partners": await partners.load(seed, reload=False)}
    connection = await asyncpg.connect(area.libpq_url())
    try:
        if reload or not await mentoring_data.loaded(connection):
            report["generated"] = await mentoring_data.generate(connection)
        for table in mentoring_data.TABLES:
            report[table] = await mentoring_data.count(connection, table)
    finally:
        await connection.close()
    return report


async def targets() -> dict[str, Target]:
    connection = await asyncpg.connect(area.libpq_url())
    try:
        districts = await connection.fetch(
            "SELECT district_id AS id FROM mentoring_participants "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 20"
        )
    finally:
        await connection.close()
    return {
        "impact_all": Target([f"/api/v1/metrics/mentoring?{PERIOD}"]),
        "impact_district": Target(
            [f"/api/v1/metrics/mentoring?{PERIOD}&district_id={row['id']}" for row in districts]
        ),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reload", action="store_true", help="Generate the records again.")
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--seconds", type=int, default=15, help="Per endpoint.")
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python-load", action="store_true", help="Skip wrk.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    area.database_url()
    report = asyncio.run(load(args.seed, args.reload))
    print(f"data: {report}", flush=True)
    if args.load_only:
        return 0
    runs = area.measure_targets(
        "mentoring",
        asyncio.run(targets()),
        seconds=args.seconds,
        connections=args.connections,
        wrk=None if args.python_load else find_wrk(),
    )
    failed = area.verdicts(runs, BUDGETS)
    area.write_results(
        "mentoring", argv, data=report, runs=runs, budgets={k: vars(v) for k, v in BUDGETS.items()}
    )
    print("\nmatch suggestions, 300 mentors x 1,000 mentees:", flush=True)
    suggestions = mentoring_suggestions.main([])
    print("\nBBBS match import:", flush=True)
    imported = mentoring_import.main([])
    return 1 if failed or suggestions or imported else 0


if __name__ == "__main__":
    sys.exit(main())
