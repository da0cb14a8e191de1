"""`make bench`: the directory under load, on SQLite and PostgreSQL.

For each backend: a fresh database of N schools (real NCES exports first,
generated beyond; the import is timed), the real server in a subprocess, then
at 1 and 32 connections, each run after a short warm-up:
- ceiling: `GET /healthz`, a trivial JSON route in the same process;
- list:    `GET /api/v1/schools?state=..&level=..&limit=50`, following cursors
           (the pages are walked first; the load generator cycles through them);
- single:  `GET /api/v1/schools/{id}` with district and key contacts;
- first, peer: the first list page of each filter, by Trellis and by the peer a
           Python team would write instead (`bench.peer`), in the same process.
Prints one table and the budget verdicts, writes JSON to bench/results/.
"""

import argparse
import datetime as dt
import functools
import http.client
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import dataset, loadgen, peer_report
from bench.credentials import bench_authorization
from bench.machine import describe_machine, machine_busy
from bench.memory import peak_rss
from bench.own_database import add_postgres_url
from bench.profile import profile_server
from bench.run_verdicts import add_ratios, budget_verdicts, directory_table, record_budgets
from bench.server import Server

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LIST_FILTERS = [("CA", "elementary"), ("FL", "high"), ("MI", "middle")]
PAGE_SIZE = 50
AUTH_FLOOR = "/api/v1/me"
WORKDIR = Path(tempfile.gettempdir()) / "trellis-bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--schools", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each run")
    parser.add_argument("--connections", default="1,32", help="comma-separated")
    parser.add_argument(
        "--endpoints", default="ceiling,auth,list,single,first,peer", help="comma-separated"
    )
    parser.add_argument("--pages", type=int, default=300, help="pages walked per list filter")
    add_postgres_url(parser, "trellis_bench")
    parser.add_argument("--sqlite-path", type=Path, default=WORKDIR / "bench.db")
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database already loaded (no import timing)"
    )
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--python-load", action="store_true", help="skip wrk")
    parser.add_argument(
        "--profile", action="store_true", help="after measuring, py-spy the server under load"
    )
    parser.add_argument(
        "--profile-connections", type=int, default=32, help="concurrent connections while profiling"
    )
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if a budget fails")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    connections = [int(c) for c in args.connections.split(",")]
    endpoints = args.endpoints.split(",")
    wrk = None if args.python_load else loadgen.find_wrk()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    print(f"load generator: {'wrk' if wrk else 'python asyncio client'}", flush=True)

    paths: list[Path] = []
    generated = 0
    if not args.reuse:
        paths, generated = dataset.generate_files(args.schools, args.workdir, args.seed)
    runs: list[dict[str, Any]] = []
    loads: dict[str, dict[str, Any]] = {}
    profiles: dict[str, Any] = {}
    for backend in backends:
        url = _database(backend, args)
        if args.reuse:
            loads[backend] = {"reused": True}
        else:
            print(f"[{backend}] loading {args.schools:,} schools ...", flush=True)
            report = dataset.load(backend, url, paths, generated, args.seed)
            loads[backend] = asdict(report)
            print(
                f"[{backend}] {report.schools:,} schools ({report.real_schools:,} real), "
                f"{report.districts:,} districts; import {report.import_seconds:.1f} s "
                f"({report.importer}), contacts {report.contacts_seconds:.1f} s",
                flush=True,
            )
        if args.load_only:
            continue
        with Server(url, RESULTS / f"server-{backend}.log", peer="peer" in endpoints) as server:
            authorization = bench_authorization(url, server.base_url)
            if authorization:
                os.environ["BENCH_AUTHORIZATION"] = authorization
            targets = _targets(server.base_url, url, args)
            for conns in connections:
                for endpoint in [e for e in endpoints if e in targets]:
                    run = _measure(wrk, server, targets[endpoint], conns, args)
                    runs.append(
                        {"backend": backend, "endpoint": endpoint, "connections": conns, **run}
                    )
                    print(f"[{backend}] {endpoint:<7} c={conns:<3} {_figures(run)}", flush=True)
            if args.profile:
                for endpoint in [e for e in endpoints if e in targets and e != "ceiling"]:
                    key = f"{backend}/{endpoint}"
                    profiles[key] = profile_server(
                        server,
                        RESULTS / f"profile-{backend}-{endpoint}-{stamp}",
                        functools.partial(
                            _load,
                            wrk,
                            server.base_url,
                            targets[endpoint],
                            args.profile_connections,
                            args.duration,
                        ),
                        args.duration,
                    )
    add_ratios(runs)
    verdicts = budget_verdicts(runs, loads, args.schools)
    compared = peer_report.comparison(runs)
    record_budgets(runs, verdicts, compared)
    table = "\n".join(
        [directory_table(runs, verdicts, loads, args), "", *peer_report.report_lines(compared)]
    )
    print("\n" + table)
    document = {
        "when": stamp,
        "command": " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
        "machine": describe_machine(wrk, ROOT),
        "schools": args.schools,
        "duration_s": args.duration,
        "loads": loads,
        "runs": runs,
        "budgets": verdicts,
        "trellis_over_peer": compared,
        "profiles": profiles,
        "table": table,
        "wall_seconds": round(time.perf_counter() - began, 1),
    }
    out = RESULTS / f"bench-{stamp}.json"
    out.write_text(json.dumps(document, indent=2, default=str))
    shutil.copyfile(out, RESULTS / "latest.json")
    print(f"\nwritten {out.relative_to(ROOT)} in {document['wall_seconds']} s")
    failed = [v for v in verdicts if v["verdict"] == "FAIL"]
    return 1 if failed and not args.no_fail else 0


def _database(backend: str, args: argparse.Namespace) -> str:
    if args.reuse:
        if backend == "sqlite":
            return f"sqlite+aiosqlite:///{args.sqlite_path}"
        from urllib.parse import urlsplit

        parts = urlsplit(args.postgres_url)
        url: str = parts._replace(scheme="postgresql+asyncpg", path="/trellis_bench").geturl()
        return url
    return dataset.fresh_database(backend, args.sqlite_path, args.postgres_url)


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, Any, Any]:
    headers = {"Accept": "application/json"}
    if auth := os.environ.get("BENCH_AUTHORIZATION"):
        headers["Authorization"] = auth
    connection.request("GET", path, headers=headers)
    answer = connection.getresponse()
    body = answer.read()
    return answer.status, answer.headers, json.loads(body)


def _targets(base_url: str, database_url: str, args: argparse.Namespace) -> dict[str, list[str]]:
    """The URLs each endpoint cycles through, checked once before the load."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    list_paths: list[str] = []
    for state, level in LIST_FILTERS:
        query = {"state": state, "level": level, "limit": PAGE_SIZE}
        path = "/api/v1/schools?" + urlencode(query)
        for _ in range(args.pages):
            status, headers, body = _get(connection, path)
            if status != 200 or len(body["items"]) > PAGE_SIZE:
                raise RuntimeError(f"GET {path} answered {status}: {str(body)[:300]}")
            if any(item["state"] != state or item["level"] != level for item in body["items"]):
                raise RuntimeError(f"GET {path} returned rows outside its filter")
            list_paths.append(path)
            cursor = body.get("next_cursor")
            if not cursor:
                break
            if f"cursor={cursor}" not in (headers.get("Link") or ""):
                raise RuntimeError("next_cursor and the Link header disagree")
            path = "/api/v1/schools?" + urlencode(query | {"cursor": cursor})
    school_ids = dataset.contact_school_ids(database_url)
    single_paths = [f"/api/v1/schools/{school_id}" for school_id in school_ids]
    if not single_paths:
        raise RuntimeError("no school has key contacts; load the database again")
    status, _, body = _get(connection, single_paths[0])
    if status != 200 or len(body.get("key_contacts", [])) != 2 or "district" not in body:
        raise RuntimeError(f"GET {single_paths[0]} answered {status}: {str(body)[:300]}")
    print(f"  {len(list_paths)} list pages, {len(single_paths)} schools with contacts", flush=True)
    targets = {"ceiling": ["/healthz"], "list": list_paths, "single": single_paths}
    if "peer" in args.endpoints.split(","):
        targets |= peer_report.peer_targets(
            lambda path: _get(connection, path), LIST_FILTERS, PAGE_SIZE
        )
    # Sign-in's own cost on every API request: the smallest authenticated route.
    if os.environ.get("BENCH_AUTHORIZATION") and _get(connection, AUTH_FLOOR)[0] == 200:
        targets["auth"] = [AUTH_FLOOR]
    connection.close()
    return targets


def _load(
    wrk: str | None, base_url: str, paths: list[str], connections: int, seconds: float
) -> loadgen.Result:
    if wrk:
        return loadgen.run_wrk(wrk, base_url, paths, connections, seconds)
    return loadgen.run_python(base_url, paths, connections, seconds)


def _measure(
    wrk: str | None, server: Server, paths: list[str], connections: int, args: argparse.Namespace
) -> dict[str, Any]:
    if args.warmup > 0:
        _load(wrk, server.base_url, paths, connections, args.warmup)
    cpu_before, busy_before = server.cpu_seconds(), machine_busy()
    with peak_rss(server) as memory:
        result = _load(wrk, server.base_url, paths, connections, args.duration)
    cpu, busy = server.cpu_seconds() - cpu_before, machine_busy() - busy_before
    return {
        "rps": round(result.rps, 1),
        "p50_ms": round(result.p50_ms, 3),
        "p99_ms": round(result.p99_ms, 3),
        "requests": result.requests,
        "errors": result.errors,
        # Server CPU per request varies far less than req/s on a shared machine.
        "server_cpu_us": round(cpu / max(1, result.requests) * 1e6),
        "machine_busy": round(busy / result.seconds / (os.cpu_count() or 1), 2),
        "load_avg": round(os.getloadavg()[0], 2),
        "tool": result.tool,
        "rss_mb": round(memory.peak_mb, 1),
    }


def _figures(run: dict[str, Any]) -> str:
    return f"{run['rps']:>9,.0f} req/s  p50 {run['p50_ms']:.2f} ms  p99 {run['p99_ms']:.2f} ms" + (
        f"  ERRORS {run['errors']}" if run["errors"] else ""
    )


if __name__ == "__main__":
    raise SystemExit(main())
