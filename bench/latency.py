"""Latency of GET endpoints on loopback: wrk with a Lua reporter (p50/p95/p99), or a
bounded keep-alive Python client when wrk is missing. Shared by the area benchmarks."""

import asyncio
import http.client
import json
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = r"""
local paths, counter = {}, 0
local auth = os.getenv("BENCH_AUTHORIZATION")
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  if auth then wrk.headers["Authorization"] = auth end
  wrk.headers["Accept"] = os.getenv("BENCH_ACCEPT") or "application/json"
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


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
    with tempfile.TemporaryDirectory(prefix="trellis-latency-") as scratch:
        script, listing = Path(scratch, "report.lua"), Path(scratch, "paths.txt")
        script.write_text(WRK_SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        command = [
            wrk,
            "-t1",
            f"-c{conns}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base_url,
            "--",
            str(listing),
        ]
        out = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
            env={**os.environ, "BENCH_ACCEPT": accept},
        )
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
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
