"""Latency of GET endpoints on loopback: wrk with a Lua reporter (p50/p95/p99), or a
bounded keep-alive Python client when wrk is missing. Shared by the area benchmarks."""

import asyncio
import http.client
import os
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench.loadgen import wrk_figures


@dataclass
class Figures:
    endpoint: str
    connections: int
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    tool: str


def run_wrk(
    wrk: str, base_url: str, name: str, paths: list[str], conns: int, seconds: int, accept: str
) -> Figures:
    data = wrk_figures(
        wrk, base_url, paths, threads=1, connections=conns, seconds=seconds, accept=accept
    )
    return Figures(
        name,
        conns,
        data["requests"],
        data["requests"] / (data["duration_us"] / 1e6),
        data["p50_us"] / 1000,
        data["p95_us"] / 1000,
        data["p99_us"] / 1000,
        data["bad_status"] + data["socket_errors"],
        "wrk",
    )


def run_python(
    base_url: str, name: str, paths: list[str], conns: int, seconds: int, accept: str
) -> Figures:
    """A bounded keep-alive client on loopback, for machines without wrk."""
    parts = urlsplit(base_url)
    headers = {"Accept": accept}
    if os.environ.get("BENCH_AUTHORIZATION"):
        headers["Authorization"] = os.environ["BENCH_AUTHORIZATION"]
    latencies: list[float] = []
    errors = 0

    async def worker(offset: int, deadline: float) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=10
        )
        n = offset
        while time.perf_counter() < deadline and len(latencies) < 1_000_000:
            n += 1
            sent = time.perf_counter()
            await asyncio.to_thread(connection.request, "GET", paths[n % len(paths)], None, headers)
            answer = await asyncio.to_thread(connection.getresponse)
            answer.read()
            latencies.append(time.perf_counter() - sent)
            errors += answer.status >= 400
        connection.close()

    async def drive() -> float:
        began = time.perf_counter()
        await asyncio.gather(*(worker(i, began + seconds) for i in range(conns)))
        return time.perf_counter() - began

    elapsed = asyncio.run(drive())
    cuts = statistics.quantiles(latencies, n=100)
    return Figures(
        name,
        conns,
        len(latencies),
        len(latencies) / elapsed,
        cuts[49] * 1000,
        cuts[94] * 1000,
        cuts[98] * 1000,
        errors,
        "python",
    )


def measure(
    wrk: str | None,
    base_url: str,
    name: str,
    paths: list[str],
    conns: int,
    seconds: int,
    accept: str = "application/json",
) -> Figures:
    """Latency of GETs cycling through `paths`: wrk when there is one, else Python."""
    if wrk:
        return run_wrk(wrk, base_url, name, paths, conns, seconds, accept)
    return run_python(base_url, name, paths, conns, seconds, accept)
