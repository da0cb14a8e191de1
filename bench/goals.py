"""Goals benchmark: the partners benchmark's 100,000 schools and 50,000 agreements,
plus 200,000 goals, 1,000,000 measurements and their alignments, in PostgreSQL; then
the issue's budgets on loopback.

    uv run python -m bench.goals            # load (once) and measure
    uv run python -m bench.goals --reload   # load the goals again

Goals, readings and alignments are generated in SQL with a fixed seed: two goals per
school for the school year, five monthly readings each (the goal's latest reading
kept on it as the measurements service keeps it), and each agreement aligned to the
first-priority goals of the schools it serves, so about a third of the goals are gaps.
"""

import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

from bench import area, partners
from bench.area import Budget, Target
from bench.verdicts import Verdict, record

SCHOOL_YEAR = "2026-27"
GOALS, MEASUREMENTS, IMPORTED = 200_000, 1_000_000, 100_000
BUDGETS = {
    "alignment_district": Budget("p95", 100.0),
    "alignment_all": Budget("p95", 500.0),
    "summary_json": Budget("p95", 30.0),
    "summary_html": Budget("p95", 60.0),
}
IMPORT_BUDGET_SECONDS = 10.0

AREAS = [
    "math",
    "ela",
    "science",
    "attendance",
    "sel_wellbeing",
    "family_engagement",
    "physical_health",
    "college_career",
    "school_climate",
    "staff_development",
    "other",
]

GENERATE = [
    "SELECT setseed(0.17)",
    f"""
    INSERT INTO goals (id, created_at, updated_at, version, district_id, school_id, school_year,
        title, area, priority, metric, unit, baseline_value, baseline_date, target_value,
        target_date, direction, status, partner_ask, asked_services)
    SELECT gen_random_uuid(), now(), now(), 1, x.district_id, x.id, '{SCHOOL_YEAR}',
        'Goal ' || x.n || ' of ' || x.name, x.area, x.n, 'Share of students', '%',
        x.base, DATE '2026-09-01',
        CASE WHEN x.area IN ('attendance', 'school_climate') THEN x.base - 10 ELSE x.base + 10 END,
        DATE '2027-06-01',
        CASE WHEN x.area IN ('attendance', 'school_climate') THEN 'decrease' ELSE 'increase' END,
        CASE WHEN x.draft THEN 'draft' ELSE 'active' END,
        'Tutors two afternoons a week', '["tutoring", "mentoring"]'::jsonb
    FROM (
        SELECT s.id, s.district_id, s.name, g.n,
            (ARRAY{AREAS!r})[1 + floor(random() * {len(AREAS)})::int] AS area,
            round((30 + random() * 40)::numeric, 1) AS base,
            random() < 0.1 AS draft
        FROM schools s CROSS JOIN generate_series(1, 2) AS g(n)
    ) AS x
    """,  # noqa: S608  (constants only)
    """
    INSERT INTO goal_measurements (id, created_at, updated_at, version, goal_id, measured_on,
        value, source)
    SELECT gen_random_uuid(), now(), now(), 1, g.id, g.baseline_date + 30 * k.n,
        round((g.baseline_value + (g.target_value - g.baseline_value) * k.n / 9.0
            + (random() - 0.5) * 4)::numeric, 1), 'state assessment'
    FROM goals g CROSS JOIN generate_series(1, 5) AS k(n)
    """,
    """
    UPDATE goals SET latest_value = m.value, last_measured_on = m.measured_on
    FROM (
        SELECT DISTINCT ON (goal_id) goal_id, value, measured_on
        FROM goal_measurements ORDER BY goal_id, measured_on DESC
    ) AS m
    WHERE m.goal_id = goals.id
    """,
    """
    INSERT INTO goal_alignments (id, created_at, updated_at, version, goal_id, agreement_id,
        contribution, strength)
    SELECT gen_random_uuid(), now(), now(), 1, g.id, s.agreement_id,
        'Weekly tutoring toward the goal', CASE WHEN random() < 0.5 THEN 'primary' ELSE 'supporting' END
    FROM agreement_schools s JOIN goals g ON g.school_id = s.school_id AND g.priority = 1
    ON CONFLICT DO NOTHING
    """,
    "VACUUM ANALYZE goals",
    "VACUUM ANALYZE goal_measurements",
    "VACUUM ANALYZE goal_alignments",
]


async def _count(connection: asyncpg.Connection, table: str) -> int:
    return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608


async def load(seed: int, reload: bool) -> dict[str, Any]:
    report: dict[str, Any] = {"partners": await partners.load(seed, reload=False)}
    async with area.connected() as connection:
        if reload or await _count(connection, "goals") < GOALS:
            began = time.perf_counter()
            await connection.execute("TRUNCATE goal_alignments, goal_measurements, goals CASCADE")
            for statement in GENERATE:
                await connection.execute(statement)
            report["seconds"] = round(time.perf_counter() - began, 1)
        for table in ("goals", "goal_measurements", "goal_alignments"):
            report[table] = await _count(connection, table)
    return report


async def targets() -> dict[str, Target]:
    async with area.connected() as connection:
        busiest = await connection.fetch(
            "SELECT district_id AS id FROM goals GROUP BY 1 ORDER BY count(*) DESC LIMIT 20"
        )
        schools = await connection.fetch(
            "SELECT DISTINCT g.school_id AS id FROM goals g JOIN goal_alignments a "
            "ON a.goal_id = g.id LIMIT 200"
        )
    year = f"school_year={SCHOOL_YEAR}"
    summaries = [f"/api/v1/schools/{row['id']}/summary?{year}" for row in schools]
    return {
        "alignment_district": Target(
            [f"/api/v1/metrics/alignment?{year}&district_id={row['id']}" for row in busiest]
        ),
        "alignment_all": Target([f"/api/v1/metrics/alignment?{year}"]),
        "summary_json": Target(summaries),
        "summary_html": Target(summaries, accept="text/html"),
    }


async def _readings_file(path: Path) -> None:
    """A school data system's export: one new reading for each of 100,000 goals."""
    async with area.connected() as connection:
        await connection.execute("DELETE FROM goal_measurements WHERE source = 'bench import'")
        rows = await connection.fetch("SELECT id FROM goals ORDER BY id LIMIT $1", IMPORTED)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["goal_id", "measured_on", "value", "source"])
        for n, row in enumerate(rows):
            writer.writerow([row["id"], "2027-02-01", 50 + n % 40, "bench import"])


def time_import() -> float:
    """Seconds for `trellis import measurements` to write 100,000 readings."""
    with tempfile.TemporaryDirectory(prefix="trellis-bench-goals-") as scratch:
        path = Path(scratch, "readings.csv")
        asyncio.run(_readings_file(path))
        env = os.environ | {"TRELLIS_DATABASE_URL": area.database_url()}
        began = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "trellis"), "import", "measurements", str(path)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    args = area.parse_args(argv, __doc__, "Generate the goals again.")
    report = area.load_data(load, args)
    if args.load_only:
        return 0
    runs, failed = area.measure_and_judge("goals", asyncio.run(targets()), BUDGETS, args)
    seconds = time_import()
    ok = seconds <= IMPORT_BUDGET_SECONDS
    record(
        Verdict(
            area="goals",
            budget=f"import 100k readings <= {IMPORT_BUDGET_SECONDS:.0f} s",
            value=seconds,
            unit="s",
            ok=ok,
        )
    )
    print(
        f"  {'import 100k readings':<22} {seconds:7.1f} s   "
        f"(budget {IMPORT_BUDGET_SECONDS:.0f} s)  {'ok' if ok else 'FAIL'}"
    )
    area.write_results(
        "goals",
        argv,
        data=report,
        runs=runs,
        budgets={k: vars(v) for k, v in BUDGETS.items()},
        import_seconds=seconds,
    )
    return 1 if failed or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
