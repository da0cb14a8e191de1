"""Load generators on loopback: wrk (Debian) cycling through a list of URLs, or a
small asyncio keep-alive client when wrk cannot be had. Both are bounded in time."""

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Each wrk thread cycles through the paths from its own offset, asking for the type
# in BENCH_ACCEPT; done() prints the figures as one JSON line, so nothing is scraped
# from wrk's human summary.
WRK_SCRIPT = r"""
local paths = {}
local counter = 0
local next_id = 0
local auth = os.getenv("BENCH_AUTHORIZATION")

setup = function(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  counter = (thread_id or 0) * 7919
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
      .. '"p99_us": %d, "max_us": %d, "mean_us": %f, "bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def find_wrk(install: bool = True) -> str | None:
    found = shutil.which("wrk")
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing; installing it with apt-get (Debian package wrk)", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "timeout": 300}
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)  # type: ignore[call-overload]
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, **quiet)  # type: ignore[call-overload]
    except subprocess.TimeoutExpired:
        return None
    return shutil.which("wrk")


def wrk_figures(
    wrk: str,
    base_url: str,
    paths: list[str],
    *,
    threads: int,
    connections: int,
    seconds: int,
    accept: str = "application/json",
) -> dict[str, Any]:
    """What WRK_SCRIPT reports for GETs cycling through `paths` for `seconds`."""
    with tempfile.TemporaryDirectory(prefix="trellis-wrk-") as scratch:
        script, path_file = Path(scratch, "cycle.lua"), Path(scratch, "paths.txt")
        script.write_text(WRK_SCRIPT)
        path_file.write_text("\n".join(paths) + "\n")
        command = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base_url,
            "--",
            str(path_file),
        ]
        out = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
            env={**os.environ, "BENCH_ACCEPT": accept},
        ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))  # type: ignore[no-any-return]


def run_wrk(wrk: str, base_url: str, paths: list[str], connections: int, seconds: float) -> Result:
    threads, duration = min(2, connections), max(1, round(seconds))
    data = wrk_figures(
        wrk, base_url, paths, threads=threads, connections=connections, seconds=duration
    )
    elapsed = data["duration_us"] / 1e6
    return Result(
        requests=data["requests"],
        seconds=elapsed,
        rps=data["requests"] / elapsed,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["bad_status"] + data["socket_errors"],
        tool="wrk",
    )


def run_python(base_url: str, paths: list[str], connections: int, seconds: float) -> Result:
    return asyncio.run(_python_load(base_url, paths, connections, seconds))


MAX_PYTHON_REQUESTS = 2_000_000


async def _python_load(base_url: str, paths: list[str], connections: int, seconds: float) -> Result:
    """HTTP/1.1 keep-alive over raw sockets; only loopback targets are accepted."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load generator only targets loopback")
    auth = os.environ.get("BENCH_AUTHORIZATION")
    extra = f"Authorization: {auth}\r\n" if auth else ""
    requests = [
        f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: application/json\r\n{extra}\r\n".encode()
        for p in paths
    ]
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def worker(offset: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        n = offset * 7919
        try:
            while time.perf_counter() < deadline and len(latencies) < MAX_PYTHON_REQUESTS:
                n += 1
                sent = time.perf_counter()
                writer.write(requests[n % len(requests)])
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = 0
                for header in head.split(b"\r\n"):
                    if header[:15].lower() == b"content-length:":
                        length = int(header[15:])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - sent)
                if status >= 400:
                    errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Result(
        requests=len(latencies),
        seconds=elapsed,
        rps=len(latencies) / elapsed,
        p50_ms=cuts[49] * 1000,
        p99_ms=cuts[98] * 1000,
        errors=errors,
        tool="python",
    )
