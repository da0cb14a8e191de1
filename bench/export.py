"""Whole-collection export: every one of 100,000 schools as NDJSON in one response,
within 3 s, the API's resident memory growing by at most 50 MB.

    uv run python -m bench.export

The schools are those of the partners benchmark's database (`trellis_bench_partners`),
which this only reads: it is copied once as a template into `trellis_bench_export`,
where the benchmark's API client is written.
"""

import sys
import time
from pathlib import Path

import httpx

from bench.credentials import bench_authorization
from bench.memory import peak_rss, rss_mb
from bench.partners import async_url, ensure_database
from bench.server import Server
from bench.verdicts import Verdict, conclude_area, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SOURCE, DATABASE = "trellis_bench_partners", "trellis_bench_export"
SCHOOLS = 100_000
SECONDS, GROWTH_MB = 3.0, 50.0


def export(client: httpx.Client, query: str = "") -> tuple[int, float]:
    started = time.perf_counter()
    lines = 0
    with client.stream("GET", f"/api/v1/schools{query}") as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            lines += chunk.count(b"\n")
    return lines, time.perf_counter() - started


def main() -> int:
    ensure_database(DATABASE, template=SOURCE)
    with Server(async_url(DATABASE), RESULTS / "server-export.log") as server:
        authorization = bench_authorization(async_url(DATABASE), server.base_url)
        headers = {"Accept": "application/x-ndjson", "Authorization": authorization or ""}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as client:
            export(client, "?state=RI")  # the code paths loaded, the pool warm
            before = rss_mb(server.python_pid())
            with peak_rss(server, every=0.01) as watch:
                rows, seconds = export(client)
    growth = watch.peak_mb - before
    print(f"export: {rows} schools as NDJSON in {seconds:.2f} s (budget {SECONDS} s)")
    print(f"export: API RSS {before:.0f} MB -> peak {watch.peak_mb:.0f} MB, +{growth:.1f} MB")
    ok = rows == SCHOOLS and seconds <= SECONDS and growth <= GROWTH_MB
    record(
        Verdict(
            area="export",
            budget=f"{SCHOOLS:,} schools as NDJSON <= {SECONDS:.0f} s, RSS +<= {GROWTH_MB:.0f} MB",
            value=seconds,
            unit="s",
            ok=ok,
            rss_mb=watch.peak_mb,
        )
    )
    return conclude_area("export", ok)


if __name__ == "__main__":
    sys.exit(main())
