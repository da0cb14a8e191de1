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

import asyncio
import sys
from typing import Any

from bench import area, mentoring_data, mentoring_import, mentoring_suggestions, partners
from bench.area import Budget, Target

BUDGETS = {
    "impact_all": Budget("p95", 300.0),
    "impact_district": Budget("p95", 100.0),
}
# Over the whole life of the generated programmes, so every level has its figures.
PERIOD = "from=2024-08-01&to=2026-11-30"


async def load(seed: int, reload: bool) -> dict[str, Any]:
    report: dict[str, Any] = {"partners": await partners.load(seed, reload=False)}
    async with area.connected() as connection:
        if reload or not await mentoring_data.loaded(connection):
            report["generated"] = await mentoring_data.generate(connection)
        for table in mentoring_data.TABLES:
            report[table] = await mentoring_data.count(connection, table)
    return report


async def targets() -> dict[str, Target]:
    async with area.connected() as connection:
        districts = await connection.fetch(
            "SELECT district_id AS id FROM mentoring_participants "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 20"
        )
    return {
        "impact_all": Target([f"/api/v1/metrics/mentoring?{PERIOD}"]),
        "impact_district": Target(
            [f"/api/v1/metrics/mentoring?{PERIOD}&district_id={row['id']}" for row in districts]
        ),
    }


def main(argv: list[str] | None = None) -> int:
    args = area.parse_args(argv, __doc__, "Generate the records again.")
    report = area.load_data(load, args)
    if args.load_only:
        return 0
    runs, failed = area.measure_and_judge("mentoring", asyncio.run(targets()), BUDGETS, args)
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
