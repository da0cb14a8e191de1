"""Match suggestions benchmark: one programme with 300 mentors and 1,000 unmatched
mentees (plus 300 mentees already matched), the issue's budget of 2 s per answer.

    uv run python -m bench.mentoring_suggestions                     # PostgreSQL
    uv run python -m bench.mentoring_suggestions --backend sqlite
    uv run python -m bench.mentoring_suggestions --mentors 300 --mentees 1000 --runs 7

For the backend: a fresh, migrated database of its own, the records written with
SQLAlchemy Core (a fixed seed), the real server (`trellis serve`, one worker), then
one warm-up request and `--runs` timed ones over HTTP, each asking for every pair
(`limit=5000`), so the time covers the queries, the fit, the solver and the JSON.
Prints each run, the median and the slowest, and exits non-zero over budget.
"""

import argparse
import asyncio
import datetime as dt
import http.client
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert

from api.core.db import create_engine
from api.core.records import new_id
from api.directory.models import District, Person, School
from api.mentoring.models import Match, Participant, Program
from bench.credentials import bench_authorization
from bench.own_database import add_postgres_url, fresh_database
from bench.server import Server
from bench.verdicts import Verdict, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORKDIR = Path(tempfile.gettempdir()) / "trellis-bench-suggestions"
DATABASE = "trellis_bench_suggestions"
BUDGET_SECONDS = 2.0
SCHOOLS = 60
ALREADY_MATCHED = 300
SUBJECTS = ["math", "ela", "science", "arts", "sel", "physical_education", "social_studies"]
GRADES = ["KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
INTERESTS = ["data", "family_engagement", "literacy", "coaching", "equity", "attendance"]
LEVELS = ["elementary", "middle", "high"]
LOCALES = ["city", "suburb", "town", "rural"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.mentoring_suggestions", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--mentors", type=int, default=300)
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    add_postgres_url(parser, DATABASE)
    return parser.parse_args(argv)


def some(rng: random.Random, items: list[str], most: int) -> list[str]:
    return rng.sample(items, rng.randint(0, most))


def profile(rng: random.Random, school_ids: list[Any]) -> dict[str, Any]:
    return {
        "school_id": rng.choice(school_ids),
        "subjects": some(rng, SUBJECTS, 3),
        "grade_levels": some(rng, GRADES, 4),
        "interests": some(rng, INTERESTS, 3),
        "school_level": rng.choice(LEVELS),
        "locale_type": rng.choice(LOCALES),
        "years_experience": rng.randint(0, 30),
    }


def records(args: argparse.Namespace) -> tuple[Any, dict[Any, list[dict[str, Any]]]]:
    """The programme's id and every row to write, table by table, in dependency order."""
    rng = random.Random(args.seed)
    district_id, program_id = new_id(), new_id()
    schools = [
        {
            "id": new_id(),
            "name": f"Bench School {n:03d}",
            "district_id": district_id,
            "nces_id": f"{691_000_000_000 + n:012d}",
            "level": rng.choice(LEVELS),
            "state": "CA",
            "status": "open",
        }
        for n in range(SCHOOLS)
    ]
    school_ids = [s["id"] for s in schools]
    total_mentees = args.mentees + ALREADY_MATCHED
    people = [
        {
            "id": new_id(),
            "given_name": f"Given{n}",
            "family_name": f"Family{n:05d}",
            "email": f"bench{n}@example.org",
            "social_handles": {},
        }
        for n in range(args.mentors + total_mentees)
    ]
    base = {
        "program_id": program_id,
        "district_id": district_id,
        "enrolled_on": dt.date(2025, 8, 1),
    }
    mentors = [
        base
        | profile(rng, school_ids)
        | {
            "id": new_id(),
            "person_id": people[n]["id"],
            "role": "mentor",
            "capacity": rng.randint(3, 6),
            "supervisor_id": None,
        }
        for n in range(args.mentors)
    ]
    mentees = [
        base
        | profile(rng, school_ids)
        | {
            "id": new_id(),
            "person_id": people[args.mentors + n]["id"],
            "role": "mentee",
            "capacity": None,
            # A mentor supervises about one mentee in four: pairs the fit must bar.
            "supervisor_id": rng.choice(mentors)["person_id"] if rng.random() < 0.25 else None,
        }
        for n in range(total_mentees)
    ]
    matches = [
        {
            "id": new_id(),
            "program_id": program_id,
            "mentor_id": mentors[n % args.mentors]["id"],
            "mentee_id": mentee["id"],
            "status": "active",
            "started_on": dt.date(2025, 9, 1),
            "focus_areas": [],
            "goal_ids": [],
        }
        for n, mentee in enumerate(mentees[args.mentees :])
    ]
    program = {
        "id": program_id,
        "name": "Bench mentoring",
        "kind": "mentoring",
        "start_date": dt.date(2025, 8, 1),
        "district_id": district_id,
        "cadence_days": 14,
        "target_caseload": 5,
        "status": "active",
    }
    district = {"id": district_id, "name": "Bench District", "state": "CA", "nces_leaid": "6910000"}
    return program_id, {
        District: [district],
        School: schools,
        Person: people,
        Program: [program],
        Participant: mentors + mentees,
        Match: matches,
    }


async def write(url: str, rows: dict[Any, list[dict[str, Any]]]) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for model, table_rows in rows.items():
                await connection.execute(insert(model.__table__), table_rows)
    finally:
        await engine.dispose()


def timed_get(base_url: str, path: str, authorization: str | None) -> tuple[float, Any]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    headers = {"Authorization": authorization} if authorization else {}
    began = time.perf_counter()
    connection.request("GET", path, headers=headers)
    answer = connection.getresponse()
    payload = answer.read()
    seconds = time.perf_counter() - began
    connection.close()
    if answer.status != 200:
        raise RuntimeError(f"GET {path} answered {answer.status}: {payload[:500]!r}")
    return seconds, json.loads(payload)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = fresh_database(args.backend, args.postgres_url, DATABASE, WORKDIR / "suggestions.db")
    program_id, rows = records(args)
    asyncio.run(write(url, rows))
    path = f"/api/v1/mentoring/programs/{program_id}/match-suggestions?limit=5000"
    with Server(url, RESULTS / f"server-suggestions-{args.backend}.log") as server:
        authorization = bench_authorization(url, server.base_url)
        _, body = timed_get(server.base_url, path, authorization)  # warm-up
        print(
            f"[{args.backend}] {body['mentors_considered']} mentors, {body['places']} places, "
            f"{body['mentees_unmatched']} unmatched mentees -> {body['suggested']} pairs, "
            f"total score {body['total_score']}, {body['unmatched_total']} left over",
            flush=True,
        )
        times = []
        for run in range(args.runs):
            seconds, _ = timed_get(server.base_url, path, authorization)
            times.append(seconds)
            print(f"[{args.backend}] run {run + 1}: {seconds * 1000:7.1f} ms", flush=True)
    median, slowest = statistics.median(times), max(times)
    verdict = "PASS" if slowest <= BUDGET_SECONDS else "FAIL"
    record(
        Verdict(
            area="mentoring",
            budget=f"match suggestions {args.mentors}x{args.mentees}, slowest <= "
            f"{BUDGET_SECONDS:.0f} s",
            value=slowest * 1000,
            unit="ms",
            ok=verdict == "PASS",
        )
    )
    print(
        f"{verdict} match suggestions ({args.mentors} mentors x {args.mentees} mentees, "
        f"{args.backend}): median {median * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms "
        f"(budget {BUDGET_SECONDS:.0f} s)"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
