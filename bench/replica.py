"""Reads on a PostgreSQL standby: what one API process carries when GET requests read
from a streaming replica, and how soon a write is readable there.

    uv run --frozen python -m bench.replica

Starts a private primary (`bench.private_cluster`) and a standby cloned from it with
`pg_basebackup` and streaming replication, loads 10,000 schools on the primary, and runs
`trellis serve` with `TRELLIS_READ_DATABASE_URL` on the standby. Measured: the directory's
filtered 50-row list through the standby (requests/s, p99) against the same process's
`/healthz` ceiling; then 200 writes, each a district created on the primary and read back
by its `Location` until the standby has it (milliseconds from the 201 to the first 200).
Checks that the standby streams and that the API's reads reached it.
"""

import os
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

from bench.credentials import bench_authorization
from bench.loadgen import find_wrk, run_python, run_wrk
from bench.private_cluster import CLUSTER_USER, PrivateCluster, migrated_database
from bench.server import Server
from bench.verdicts import Verdict, conclude_area, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCHOOLS, WRITES, SECONDS, CONNECTIONS = 10_000, 200, 10, 8
LIST = "/api/v1/schools?state=TX&level=elementary&limit=50"

DISTRICT = """
INSERT INTO districts (id, name, state, created_at, updated_at, version)
VALUES (%(district)s::uuid, 'Replica district', 'TX', now(), now(), 1)
"""
SCHOOLS_SQL = """
INSERT INTO schools (id, name, district_id, level, state, status, created_at, updated_at, version)
SELECT gen_random_uuid(), 'School ' || n, %(district)s::uuid,
       CASE WHEN n %% 3 = 0 THEN 'high' ELSE 'elementary' END, 'TX', 'open', now(), now(), 1
FROM generate_series(1, %(schools)s) AS n
"""


class Standby(PrivateCluster):
    """A hot standby of `primary`, cloned with pg_basebackup and streaming from it."""

    def __init__(self, primary: PrivateCluster) -> None:
        super().__init__()
        self.primary = primary

    def __enter__(self) -> "Standby":
        if self.as_root:
            shutil.chown(self.folder, CLUSTER_USER, CLUSTER_USER)
        source = ("-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres")
        self._run("pg_basebackup", *source, "-D", str(self.data), "-R", "-X", "stream")
        self.start()
        return self


def streaming(primary: PrivateCluster) -> bool:
    with psycopg.connect(primary.url()) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
        ).fetchone()
    return bool(row and row[0])


def wait_replayed(primary: PrivateCluster, standby: Standby, timeout: float = 60) -> None:
    with psycopg.connect(primary.url()) as connection:
        row = connection.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    deadline = time.monotonic() + timeout
    with psycopg.connect(standby.url(), autocommit=True) as connection:
        while time.monotonic() < deadline:
            done = connection.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (row[0],)
            ).fetchone()
            if done and done[0]:
                return
            time.sleep(0.05)
    raise RuntimeError("the standby did not catch up")


def api_reads_on_standby(standby: Standby) -> int:
    with psycopg.connect(standby.url("trellis")) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'trellis' "
            "AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def read_your_write(client: httpx.Client) -> list[float]:
    """Milliseconds from each create's 201 until the standby answers its GET."""
    waits = []
    for n in range(WRITES):
        created = client.post(
            "/api/v1/districts", json={"name": f"Written {n} {uuid.uuid4().hex[:6]}", "state": "TX"}
        )
        created.raise_for_status()
        acknowledged = time.perf_counter()
        while client.get(created.headers["Location"]).status_code == 404:
            pass
        waits.append((time.perf_counter() - acknowledged) * 1000)
    return waits


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with PrivateCluster() as primary:
        url = migrated_database(primary)
        with psycopg.connect(primary.url("trellis")) as connection:
            place = {"district": str(uuid.uuid4()), "schools": SCHOOLS}
            connection.execute(DISTRICT, place)
            connection.execute(SCHOOLS_SQL, place)
            connection.execute("ANALYZE")
        with Standby(primary) as standby:
            assert streaming(primary), "the standby is not streaming"
            wait_replayed(primary, standby)
            read_url = standby.url("trellis", driver="postgresql+asyncpg")
            os.environ["TRELLIS_READ_DATABASE_URL"] = read_url
            try:
                with Server(url, RESULTS / "server-replica.log") as server:
                    authorization = bench_authorization(url, server.base_url) or ""
                    os.environ["BENCH_AUTHORIZATION"] = authorization
                    wait_replayed(primary, standby)  # the client just written
                    wrk = find_wrk()

                    def load(paths: list[str]) -> tuple[float, float]:
                        run = (server.base_url, paths, CONNECTIONS, SECONDS)
                        result = run_wrk(wrk, *run) if wrk else run_python(*run)
                        if result.errors:
                            raise RuntimeError(f"{result.errors} failed requests on {paths}")
                        return result.rps, result.p99_ms

                    ceiling, _ = load(["/healthz"])
                    load([LIST])  # warm the pool and caches
                    rps, p99 = load([LIST])
                    headers = {"Authorization": authorization}
                    with httpx.Client(base_url=server.base_url, headers=headers) as client:
                        waits = read_your_write(client)
                    readers = api_reads_on_standby(standby)
            finally:
                os.environ.pop("TRELLIS_READ_DATABASE_URL", None)
    quantiles = statistics.quantiles(waits, n=100)
    print(
        f"replica: list through the standby, {CONNECTIONS} connections: {rps:,.0f} req/s, "
        f"p99 {p99:.1f} ms, {rps / ceiling:.3f} of the /healthz ceiling ({ceiling:,.0f} req/s)"
    )
    print(
        f"replica: a write readable on the standby after p50 {quantiles[49]:.1f} ms, "
        f"p99 {quantiles[98]:.1f} ms, max {max(waits):.1f} ms ({WRITES} writes)"
    )
    print(f"replica: {readers} API connection(s) open on the standby")
    ok = readers > 0 and rps / ceiling >= 0.12
    record(
        Verdict(
            area="replica",
            budget=f"list via standby >= 0.12 of ceiling ({CONNECTIONS} conn)",
            value=rps / ceiling,
            unit="x",
            ok=ok,
            ceiling_ratio=rps / ceiling,
        )
    )
    record(
        Verdict(
            area="replica",
            budget="a write readable on the standby, p99 (informative)",
            value=quantiles[98],
            unit="ms",
            ok=True,
        )
    )
    return conclude_area("replica", ok)


if __name__ == "__main__":
    sys.exit(main())
