"""What the goals and mentoring benchmarks share: a PostgreSQL database holding the
partners benchmark's directory and agreements plus an area's generated records, the
real server over it, and each endpoint's latency against its budget."""

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bench import partners
from bench.credentials import bench_authorization
from bench.latency import Figures, measure
from bench.loadgen import find_wrk
from bench.memory import peak_rss
from bench.server import Server
from bench.verdicts import Verdict, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Target:
    paths: list[str]
    accept: str = "application/json"


@dataclass
class Measured(Figures):
    """An endpoint's figures with what the closing table adds: its benchmark, its
    requests/s over the ceiling's in the same run, and the server's peak memory."""

    bench: str = ""
    ceiling_ratio: float | None = None
    rss_mb: float | None = None


CEILING = "/healthz"


@dataclass(frozen=True)
class Budget:
    percentile: str  # p50 | p95 | p99
    milliseconds: float


def parse_args(argv: list[str] | None, doc: str | None, reload: str) -> argparse.Namespace:
    """The options of an area benchmark (`doc` its module's); `reload` tells what
    `--reload` generates again."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--reload", action="store_true", help=reload)
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--seconds", type=int, default=15, help="Per endpoint.")
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python-load", action="store_true", help="Skip wrk.")
    return parser.parse_args(argv)


def database_url() -> str:
    """The partners benchmark's database, brought to the latest migration."""
    partners.ensure_database()
    return partners.async_url(partners.DATABASE)


def load_data(
    load: Callable[[int, bool], Coroutine[Any, Any, dict[str, Any]]], args: argparse.Namespace
) -> dict[str, Any]:
    """Brings the database to the latest migration, then runs the area's `load` with the
    options' seed and `--reload`, and prints what the database holds."""
    database_url()
    report = asyncio.run(load(args.seed, args.reload))
    print(f"data: {report}", flush=True)
    return report


def libpq_url() -> str:
    return partners.libpq_url(partners.DATABASE)


@asynccontextmanager
async def connected() -> AsyncIterator[asyncpg.Connection]:
    """A connection to the partners benchmark's database, closed on the way out."""
    connection = await asyncpg.connect(libpq_url())
    try:
        yield connection
    finally:
        await connection.close()


def measure_targets(
    name: str,
    targets: Mapping[str, Target],
    *,
    seconds: int,
    connections: int,
    wrk: str | None,
    before: Callable[[Server], None] | None = None,
) -> list[Figures]:
    url = database_url()
    runs: list[Figures] = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    with Server(url, RESULTS / f"server-{name}.log") as server:
        authorization = bench_authorization(url, server.base_url)
        if authorization:
            os.environ["BENCH_AUTHORIZATION"] = authorization
        if before:
            before(server)
        ceiling = measure(wrk, server.base_url, "ceiling", [CEILING], connections, min(3, seconds))
        for endpoint, target in targets.items():
            timed = (wrk, server.base_url, endpoint, target.paths, connections)
            measure(*timed, min(3, seconds), target.accept)  # warm caches and the pool
            with peak_rss(server) as memory:
                figures = measure(*timed, seconds, target.accept)
            run = Measured(
                **asdict(figures),
                bench=name,
                ceiling_ratio=figures.rps / ceiling.rps if ceiling.rps else None,
                rss_mb=memory.peak_mb,
            )
            runs.append(run)
            print(
                f"{endpoint:<24} c={run.connections} {run.requests:>6} req "
                f"{run.rps:7.1f}/s p50 {run.p50_ms:6.1f} ms  p95 {run.p95_ms:6.1f} ms"
                f"  p99 {run.p99_ms:6.1f} ms  errors {run.errors}  RSS {memory.peak_mb:.0f} MB",
                flush=True,
            )
    return runs


def measure_and_judge(
    name: str,
    targets: Mapping[str, Target],
    budgets: Mapping[str, Budget],
    args: argparse.Namespace,
) -> tuple[list[Figures], list[str]]:
    """Measures each target as the options ask (wrk unless `--python-load`), then prints
    each budget's verdict; returns the runs and the endpoints over budget."""
    runs = measure_targets(
        name,
        targets,
        seconds=args.seconds,
        connections=args.connections,
        wrk=None if args.python_load else find_wrk(),
    )
    return runs, verdicts(runs, budgets)


def verdicts(runs: list[Figures], budgets: Mapping[str, Budget]) -> list[str]:
    """Prints each budget's verdict and returns the endpoints over budget."""
    failed = []
    print("\nbudgets (PostgreSQL):")
    for run in runs:
        budget = budgets.get(run.endpoint)
        if budget is None:
            continue
        value = getattr(run, f"{budget.percentile}_ms")
        ok = value <= budget.milliseconds and run.errors == 0
        if not ok:
            failed.append(run.endpoint)
        record(
            Verdict(
                area=getattr(run, "bench", ""),
                budget=f"{run.endpoint} {budget.percentile} <= {budget.milliseconds:.0f} ms",
                value=value,
                unit="ms",
                ok=ok,
                ceiling_ratio=getattr(run, "ceiling_ratio", None),
                rss_mb=getattr(run, "rss_mb", None),
            )
        )
        print(
            f"  {run.endpoint:<22} {budget.percentile} {value:7.1f} ms  "
            f"(budget {budget.milliseconds:.0f} ms)  {'ok' if ok else 'FAIL'}"
        )
    return failed


def write_results(name: str, argv: list[str] | None, **sections: Any) -> None:
    load = os.getloadavg()
    cores = os.cpu_count() or 1
    print(
        f"\nmachine: {cores} CPU(s); 1-minute load {load[0]:.1f}"
        + ("  (busy: figures are pessimistic)" if load[0] > cores else "")
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}-latest.json"
    out.write_text(
        json.dumps(
            {
                "when": dt.datetime.now(dt.UTC).isoformat(),
                "command": " ".join([f"uv run python -m bench.{name}", *(argv or sys.argv[1:])]),
                "machine": {"cpus": cores, "load": load},
                **{
                    key: [asdict(v) for v in value] if key == "runs" else value
                    for key, value in sections.items()
                },
            },
            indent=2,
            default=str,
        )
    )
    print(f"written {out.relative_to(ROOT)}")
