"""Change feed read: 1,000,000 events to one client at >= 50,000 events/s.

    uv run python -m bench.feed

Works in a database of its own, `trellis_bench_feed` (or `TRELLIS_BENCH_FEED_DATABASE`,
to measure on a copy of it): 10,000 schools and a million
events on them (creates, then updates, re-keys and deletes), written once and kept. One
administrator client reads the whole feed from 0, page after page at the largest page
size (parsed with orjson), as a district system catching up would; every event carries
its record, parent and keys, so the time covers the records' reads too.
"""

import os
import sys
import time
import uuid
from pathlib import Path

import httpx
import orjson
import psycopg

from bench import partners
from bench.credentials import bench_authorization
from bench.partners import async_url, libpq_url
from bench.server import Server
from bench.verdicts import Verdict, conclude_area, record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATABASE = os.environ.get("TRELLIS_BENCH_FEED_DATABASE", "trellis_bench_feed")
SCHOOLS, EVENTS = 10_000, 1_000_000
PAGE = 10_000  # the API's largest page
EVENTS_PER_SECOND = 50_000

LOAD = """
INSERT INTO districts (id, name, state, created_at, updated_at, version)
VALUES (%(district)s::uuid, 'Feed district', 'TX', now(), now(), 1);
INSERT INTO schools (id, name, district_id, level, state, status, nces_id,
                     created_at, updated_at, version)
SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'School ' || n,
       %(district)s::uuid, 'elementary', 'TX', 'open', '9' || lpad(n::text, 11, '0'), now(), now(), 1
FROM generate_series(1, %(schools)s) AS n;
INSERT INTO events (occurred_at, actor, resource, resource_id, operation, version, keys,
                    district_id, school_id)
SELECT now(), 'bench', 'schools',
       ('00000000-0000-7000-8000-' || lpad(to_hex(1 + n %% %(schools)s), 12, '0'))::uuid,
       CASE WHEN n < %(schools)s THEN 'create' ELSE 'update' END, 1 + n / %(schools)s,
       jsonb_build_object('before', NULL, 'after',
           jsonb_build_object('nces_id', '9' || lpad((1 + n %% %(schools)s)::text, 11, '0'),
                              'state_school_id', NULL, 'district_id', %(district)s::text)),
       %(district)s::uuid,
       ('00000000-0000-7000-8000-' || lpad(to_hex(1 + n %% %(schools)s), 12, '0'))::uuid
FROM generate_series(0, %(events)s - 1) AS n;
"""


def ensure_database() -> None:
    partners.ensure_database(DATABASE)
    with psycopg.connect(libpq_url(DATABASE)) as connection:
        count = connection.execute("SELECT count(*) FROM events WHERE actor = 'bench'")
        if count.fetchone() == (EVENTS,):
            return
        connection.execute("DELETE FROM events")
        connection.execute("DELETE FROM schools")
        connection.execute("DELETE FROM districts")
        params = {"district": str(uuid.uuid4()), "schools": SCHOOLS, "events": EVENTS}
        for statement in LOAD.split(";\n"):
            if statement.strip():
                connection.execute(statement, params)
        connection.commit()
    with psycopg.connect(libpq_url(DATABASE), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def read_all(client: httpx.Client) -> tuple[int, float]:
    after, seen = 0, 0
    started = time.perf_counter()
    while True:
        page = client.get("/api/v1/events", params={"after": after, "limit": PAGE})
        page.raise_for_status()
        body = orjson.loads(page.content)
        seen += len(body["items"])
        if body["next_after"] == after:
            return seen, time.perf_counter() - started
        after = body["next_after"]


def main() -> int:
    ensure_database()
    with Server(async_url(DATABASE), RESULTS / "server-feed.log") as server:
        authorization = bench_authorization(async_url(DATABASE), server.base_url)
        headers = {"Authorization": authorization or ""}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as client:
            client.get("/api/v1/events", params={"limit": PAGE}).raise_for_status()
            seen, seconds = read_all(client)
    rate = seen / seconds
    print(
        f"feed: {seen} events in {seconds:.1f} s, {rate:,.0f} events/s "
        f"(budget {EVENTS_PER_SECOND:,})"
    )
    print(f"feed: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok = seen >= EVENTS and rate >= EVENTS_PER_SECOND
    record(
        Verdict(
            area="feed",
            budget=f"read {EVENTS:,} events, one client >= {EVENTS_PER_SECOND:,}/s",
            value=rate,
            unit="ev/s",
            ok=ok,
        )
    )
    return conclude_area("feed", ok)


if __name__ == "__main__":
    sys.exit(main())
