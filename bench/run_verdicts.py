"""`make bench`'s directory budgets: each run against its budget, the verdicts into the
closing table, and the directory's own table of figures."""

import argparse
import os
from dataclasses import dataclass
from typing import Any

from bench import peer_report
from bench.verdicts import Verdict, record


@dataclass(frozen=True)
class Budget:
    name: str
    backend: str
    endpoint: str
    connections: int | None
    metric: str  # "ratio" (at least) or "p99_ms" (at most)
    limit: float


BUDGETS = [
    Budget("list >= 0.12 of ceiling", "postgresql", "list", 1, "ratio", 0.12),
    Budget("list >= 0.12 of ceiling", "postgresql", "list", 32, "ratio", 0.12),
    Budget("single >= 0.20 of ceiling", "postgresql", "single", 1, "ratio", 0.20),
    Budget("single >= 0.20 of ceiling", "postgresql", "single", 32, "ratio", 0.20),
    Budget("list p99 <= 5 ms", "postgresql", "list", 1, "p99_ms", 5.0),
    Budget("single p99 <= 3 ms", "postgresql", "single", 1, "p99_ms", 3.0),
]


IMPORT_BUDGET_SECONDS = 20.0


IMPORT_BUDGET_SCHOOLS = 100_000


def record_budgets(
    runs: list[dict[str, Any]], verdicts: list[dict[str, Any]], compared: list[dict[str, Any]]
) -> None:
    """The budgets into `make bench`'s closing table, each list budget beside the peer."""
    for v in verdicts:
        run = next(
            (
                r
                for r in runs
                if (r["backend"], r["connections"]) == (v["backend"], v["connections"])
                and v["budget"].startswith(r["endpoint"])
            ),
            None,
        )
        peer = next(
            (
                c["rps_ratio"]
                for c in compared
                if (c["backend"], c["connections"]) == (v["backend"], v["connections"])
            ),
            None,
        )
        record(
            Verdict(
                area="directory",
                budget=f"{v['budget']} ({v['backend']}"
                + (f", {v['connections']} conn)" if v["connections"] else ")"),
                value=v["value"],
                unit="s" if "import" in v["budget"] else "x" if "ceiling" in v["budget"] else "ms",
                ok=v["verdict"] != "FAIL",
                ceiling_ratio=run["ratio"] if run else None,
                peer_ratio=peer if run and run["endpoint"] == "list" else None,
                rss_mb=run["rss_mb"] if run else None,
            )
        )


def add_ratios(runs: list[dict[str, Any]]) -> None:
    ceilings = {
        (r["backend"], r["connections"]): r["rps"] for r in runs if r["endpoint"] == "ceiling"
    }
    for run in runs:
        ceiling = ceilings.get((run["backend"], run["connections"]))
        run["ratio"] = round(run["rps"] / ceiling, 3) if ceiling else None


def budget_verdicts(
    runs: list[dict[str, Any]], loads: dict[str, dict[str, Any]], schools: int
) -> list[dict[str, Any]]:
    verdicts = []
    for budget in BUDGETS:
        run = next(
            (
                r
                for r in runs
                if (r["backend"], r["endpoint"], r["connections"])
                == (budget.backend, budget.endpoint, budget.connections)
            ),
            None,
        )
        value = None if run is None else run[budget.metric]
        if value is None:
            verdict = "n/a"
        elif budget.metric == "ratio":
            verdict = "pass" if value >= budget.limit and not run["errors"] else "FAIL"  # type: ignore[index]
        else:
            verdict = "pass" if value <= budget.limit and not run["errors"] else "FAIL"  # type: ignore[index]
        verdicts.append(
            {
                "budget": budget.name,
                "backend": budget.backend,
                "connections": budget.connections,
                "value": value,
                "verdict": verdict,
            }
        )
    for backend, load in loads.items():
        seconds = load.get("import_seconds")
        measured = seconds is not None and load.get("schools", 0) >= IMPORT_BUDGET_SCHOOLS
        verdicts.append(
            {
                "budget": f"NCES import of {IMPORT_BUDGET_SCHOOLS:,} schools <= {IMPORT_BUDGET_SECONDS:.0f} s",
                "backend": backend,
                "connections": None,
                "value": round(seconds, 1) if seconds is not None else None,
                "verdict": "n/a"
                if not measured
                else ("pass" if seconds <= IMPORT_BUDGET_SECONDS else "FAIL"),  # type: ignore[operator]
            }
        )
    return verdicts


ENDPOINT_LABELS = {
    "ceiling": "GET /healthz (ceiling)",
    "auth": "GET /me (sign-in floor)",
    "list": "GET /schools?state&level, 50/page",
    "single": "GET /schools/{id} +district+contacts",
    **peer_report.LABELS,
}


def directory_table(
    runs: list[dict[str, Any]],
    verdicts: list[dict[str, Any]],
    loads: dict[str, dict[str, Any]],
    args: argparse.Namespace,
) -> str:
    tool = runs[0]["tool"] if runs else "-"
    lines = [
        f"Directory benchmark: {args.schools:,} schools, {args.duration:.0f} s per run "
        f"after {args.warmup:.0f} s warm-up, load generator {tool}, 1 server worker, "
        f"{os.cpu_count()} CPUs",
        f"{'backend':<11} {'endpoint':<37} {'conns':>5} {'req/s':>9} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'ratio':>6} {'cpu us':>6} {'busy':>5} {'errors':>6}",
    ]
    for run in runs:
        ratio = f"{run['ratio']:.3f}" if run["ratio"] is not None else "-"
        lines.append(
            f"{run['backend']:<11} {ENDPOINT_LABELS[run['endpoint']]:<37} "
            f"{run['connections']:>5} {run['rps']:>9,.0f} {run['p50_ms']:>7.2f} "
            f"{run['p99_ms']:>7.2f} {ratio:>6} {run['server_cpu_us']:>6} "
            f"{run['machine_busy']:>5.0%} {run['errors']:>6}"
        )
    lines.append(
        "ratio: req/s over the ceiling's at the same connections; cpu us: server CPU per "
        "request; busy: whole machine's CPU use during the run (server, wrk, PostgreSQL and "
        "anything else running)"
    )
    lines.append("")
    for backend, load in loads.items():
        if load.get("reused"):
            lines.append(f"load ({backend}): reused an existing database, import not timed")
        else:
            lines.append(
                f"load ({backend}): {load['schools']:,} schools ({load['real_schools']:,} real NCES, "
                f"{load['generated_schools']:,} generated), {load['districts']:,} districts; "
                f"NCES import {load['import_seconds']:.1f} s, key contacts "
                f"{load['contacts_seconds']:.1f} s"
            )
    lines.append("")
    lines.append("Budgets:")
    for v in verdicts:
        where = f"{v['backend']}" + (f", {v['connections']} conn" if v["connections"] else "")
        value = "-" if v["value"] is None else f"{v['value']}"
        lines.append(f"  {v['verdict']:<4}  {v['budget']:<42} ({where}): {value}")
    return "\n".join(lines)
