"""Outage proof: nothing acknowledged is lost through a database stop, a `kill -9` of
the API and a `kill -9` of the webhook worker mid-delivery.

    uv run --frozen python -m bench.outage
    uv run --frozen python -m bench.outage --writers 8 --rate 5 --outage-seconds 10

A private PostgreSQL cluster (never the machine's shared server) is migrated; `trellis
serve` and `trellis worker` run against it, a loopback receiver records every webhook
it is sent, and several writers create and patch partners, schools and goals at a
steady rate. Then: the cluster is stopped for a while and started again; the API is
killed and restarted; the worker is killed while deliveries are in flight and
restarted. Checked: while the database is down only 503 problem+json with Retry-After,
request id and security headers (and `/readyz` failing), never another 5xx; writes
succeed again within 5 s of the database; every write answered 2xx is in the database
(by id, in SQL) and in the feed; every webhook arrives, and none twice except those
in flight when the worker was killed (at-least-once; receivers drop repeats by
`webhook-id`). Exits non-zero on any violation.
"""

import argparse
import asyncio
import itertools
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.credentials import SERVER_ENV, bench_authorization
from bench.private_cluster import (
    PrivateCluster,
    TrellisProcess,
    free_port,
    migrated_database,
    wait_ready,
)

RECOVERY_BUDGET = 5.0  # seconds from the database accepting connections to writes succeeding
API = "/api/v1"
TABLES = {"partners": "partners", "schools": "schools", "goals": "goals"}
SECURITY_HEADERS = ("x-content-type-options", "x-frame-options", "content-security-policy")


class Receiver:
    """A loopback webhook receiver that answers 204 after a short pause (so deliveries
    are in flight long enough to be interrupted) and records each `webhook-id`."""

    def __init__(self, pause_seconds: float = 0.02) -> None:
        self.lock = threading.Lock()
        self.received: dict[str, list[float]] = defaultdict(list)
        self.in_flight = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                with receiver.lock:
                    receiver.in_flight += 1
                try:
                    self.rfile.read(int(self.headers.get("content-length", "0")))
                    time.sleep(pause_seconds)
                    with receiver.lock:
                        receiver.received[self.headers["webhook-id"]].append(time.monotonic())
                    self.send_response(204)
                    self.end_headers()
                finally:
                    with receiver.lock:
                        receiver.in_flight -= 1

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> "Receiver":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def counts(self) -> dict[str, int]:
        with self.lock:
            return {key: len(times) for key, times in self.received.items()}


@dataclass
class Answer:
    """One request of the load: when it was sent and answered, and how."""

    kind: str
    sent: float
    answered: float
    status: int | None  # None: no HTTP answer (connection refused or cut)
    problem: str | None = None  # what is wrong with a 503, when anything is


@dataclass
class Ledger:
    answers: list[Answer] = field(default_factory=list)
    # (resource, id) -> the highest version a 2xx answer acknowledged
    acknowledged: dict[tuple[str, str], int] = field(default_factory=dict)
    readiness: list[Answer] = field(default_factory=list)

    def acknowledge(self, resource: str, record: dict[str, Any]) -> None:
        key = (resource, record["id"])
        self.acknowledged[key] = max(self.acknowledged.get(key, 0), int(record["version"]))


def unavailable_problem(response: httpx.Response) -> str | None:
    """What a 503 lacks of a proper outage answer, or None."""
    missing = [
        name
        for name, ok in (
            ("problem+json", response.headers.get("content-type") == "application/problem+json"),
            ("Retry-After", response.headers.get("retry-after", "").isdigit()),
            ("X-Request-ID", bool(response.headers.get("x-request-id"))),
            *((header, header in response.headers) for header in SECURITY_HEADERS),
        )
        if not ok
    ]
    return ", ".join(missing) or None


async def timed(
    ledger: Ledger, kind: str, call: Callable[[], Awaitable[httpx.Response]]
) -> httpx.Response | None:
    sent = time.monotonic()
    try:
        response = await call()
    except httpx.HTTPError:
        ledger.answers.append(Answer(kind, sent, time.monotonic(), None))
        return None
    problem = unavailable_problem(response) if response.status_code == 503 else None
    ledger.answers.append(Answer(kind, sent, time.monotonic(), response.status_code, problem))
    return response


@dataclass(frozen=True)
class Places:
    district_id: str
    school_id: str


def partner_body(n: int) -> dict[str, Any]:
    return {"name": f"Outage partner {n}", "kind": "nonprofit", "focus_areas": ["tutoring"]}


def school_body(places: Places, n: int) -> dict[str, Any]:
    return {"name": f"Outage school {n}", "district_id": places.district_id, "level": "elementary"}


def goal_body(places: Places, n: int) -> dict[str, Any]:
    return {
        "school_id": places.school_id,
        "school_year": "2026-27",
        "title": f"Outage goal {n}",
        "area": "ela",
        "status": "active",
        "asked_services": ["tutoring"],
    }


async def write_one(
    http: httpx.AsyncClient, ledger: Ledger, places: Places, n: int, mine: list[Any]
) -> None:
    """The n-th write of one writer: a create of each kind in turn, and a patch of a
    partner it created, with If-Match."""
    step = n % 4
    if step == 3 and mine:
        partner_id, etag = mine[-1]

        async def patch() -> httpx.Response:
            return await http.patch(
                f"{API}/partners/{partner_id}",
                json={"description": f"patched {n}"},
                headers={"If-Match": etag, "Content-Type": "application/merge-patch+json"},
            )

        response = await timed(ledger, "patch", patch)
        if response is not None and response.is_success:
            ledger.acknowledge("partners", response.json())
            mine[-1] = (partner_id, response.headers["etag"])
        return
    resource, body = (
        ("partners", partner_body(n)),
        ("schools", school_body(places, n)),
        ("goals", goal_body(places, n)),
        ("partners", partner_body(n)),
    )[step]

    async def create() -> httpx.Response:
        return await http.post(
            f"{API}/{resource}", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}
        )

    response = await timed(ledger, "create", create)
    if response is not None and response.is_success:
        record = response.json()
        ledger.acknowledge(resource, record)
        if resource == "partners":
            mine.append((record["id"], response.headers["etag"]))


async def writer(
    http: httpx.AsyncClient, ledger: Ledger, places: Places, rate: float, stop: asyncio.Event
) -> None:
    mine: list[Any] = []
    for n in itertools.count():
        if stop.is_set():
            return
        started = time.monotonic()
        await write_one(http, ledger, places, n, mine)
        await asyncio.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))


async def readiness(http: httpx.AsyncClient, ledger: Ledger, stop: asyncio.Event) -> None:
    while not stop.is_set():
        sent = time.monotonic()
        try:
            status: int | None = (await http.get("/readyz")).status_code
        except httpx.HTTPError:
            status = None
        ledger.readiness.append(Answer("readyz", sent, time.monotonic(), status))
        await asyncio.sleep(0.1)


@dataclass
class Rig:
    """Everything the faults act on."""

    cluster: PrivateCluster
    database_url: str
    api: TrellisProcess
    base_url: str
    worker: TrellisProcess
    receiver: Receiver


@dataclass
class Figures:
    database_down: tuple[float, float] = (0.0, 0.0)  # stopped .. accepting again
    database_recovery: float = float("nan")
    api_killed: float = 0.0
    api_recovery: float = float("nan")
    worker_killed_pid: int = 0
    in_flight_at_kill: set[str] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)


def recovery_after(ledger: Ledger, moment: float, until: float) -> float:
    """Seconds from `moment` until writes succeed: the later of the first 2xx answer and
    the last failed write sent, among writes sent after `moment` and before `until`."""
    after = [a for a in ledger.answers if moment <= a.sent < until]
    ok = [a.answered for a in after if a.status is not None and 200 <= a.status < 300]
    failed = [a.sent for a in after if a.status is None or a.status >= 500]
    if not ok:
        return float("inf")
    return max([ok[0], *failed]) - moment


def sync(database_url: str) -> str:
    """The psycopg spelling of an asyncpg URL."""
    return database_url.replace("postgresql+asyncpg", "postgresql")


def message_ids_in_flight(rig: Rig, pid: int) -> set[str]:
    """Deliveries the killed worker held when it died."""
    sync_url = sync(rig.database_url)
    with psycopg.connect(sync_url) as connection:
        rows = connection.execute(
            "SELECT subscription_id, event_seq FROM webhook_deliveries "
            "WHERE status = 'pending' AND claimed_by LIKE %s",
            (f"%:{pid}:%",),
        ).fetchall()
    return {f"msg_{row[0].hex}_{row[1]}" for row in rows}


async def delivery_in_flight(receiver: Receiver, seconds: float) -> bool:
    """Wait until the receiver is being sent a webhook; False if none came."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if receiver.in_flight:
            return True
        await asyncio.sleep(0.005)
    return False


async def faults(rig: Rig, ledger: Ledger, args: argparse.Namespace, figures: Figures) -> None:
    await asyncio.sleep(args.warmup)
    # a) the database stops and starts again.
    await asyncio.to_thread(rig.cluster.stop, "fast")
    down = time.monotonic()
    await asyncio.sleep(args.outage_seconds)
    await asyncio.to_thread(rig.cluster.start)
    up = time.monotonic()
    figures.database_down = (down, up)
    await asyncio.sleep(args.settle)
    figures.database_recovery = recovery_after(ledger, up, time.monotonic())
    # b) the API is killed mid-load and restarted.
    figures.api_killed = time.monotonic()
    await asyncio.to_thread(rig.api.kill)
    rig.api.start()
    await asyncio.to_thread(wait_ready, rig.base_url)
    await asyncio.sleep(args.settle)
    figures.api_recovery = recovery_after(ledger, figures.api_killed, time.monotonic())
    # c) the worker is killed while deliveries are in flight, and restarted.
    if not await delivery_in_flight(rig.receiver, seconds=30):
        figures.violations.append("no delivery was in flight to kill the worker during")
    figures.worker_killed_pid = rig.worker.pid
    await asyncio.to_thread(rig.worker.kill)
    figures.in_flight_at_kill = await asyncio.to_thread(
        message_ids_in_flight, rig, figures.worker_killed_pid
    )
    rig.worker.start()
    await asyncio.sleep(args.settle)


async def drive(rig: Rig, authorization: str, args: argparse.Namespace) -> tuple[Ledger, Figures]:
    ledger, figures = Ledger(), Figures()
    limits = httpx.Limits(max_connections=args.writers + 2)
    async with httpx.AsyncClient(
        base_url=rig.base_url,
        headers={"Authorization": authorization},
        timeout=10,
        limits=limits,
    ) as http:
        places = await make_places(http)
        stop = asyncio.Event()
        load = [
            asyncio.create_task(writer(http, ledger, places, args.rate, stop))
            for _ in range(args.writers)
        ]
        load.append(asyncio.create_task(readiness(http, ledger, stop)))
        try:
            await faults(rig, ledger, args, figures)
        finally:
            stop.set()
            await asyncio.gather(*load)
        await check_feed(http, ledger, figures)
    return ledger, figures


async def make_places(http: httpx.AsyncClient) -> Places:
    district = await http.post(f"{API}/districts", json={"name": "Outage USD", "state": "CA"})
    district.raise_for_status()
    district_id = district.json()["id"]
    school = await http.post(
        f"{API}/schools", json={"name": "Outage school", "district_id": district_id}
    )
    school.raise_for_status()
    return Places(district_id, school.json()["id"])


async def check_feed(http: httpx.AsyncClient, ledger: Ledger, figures: Figures) -> None:
    """Every acknowledged version is an event of the feed, read as a client would."""
    seen: set[tuple[str, str, int]] = set()
    after = 0
    while True:
        page = (await http.get(f"{API}/events", params={"after": after, "limit": 1000})).json()
        seen |= {(e["resource"], e["resource_id"], e["version"]) for e in page["items"]}
        if page["next_after"] == after:
            break
        after = page["next_after"]
    missing = [key for key, version in ledger.acknowledged.items() if (*key, version) not in seen]
    if missing:
        figures.violations.append(f"{len(missing)} acknowledged writes missing from the feed")


def check_database(database_url: str, ledger: Ledger, violations: list[str]) -> int:
    """Acknowledged writes absent from the database (by id, at their version or later)."""
    sync_url = sync(database_url)
    lost = 0
    by_resource: dict[str, dict[str, int]] = defaultdict(dict)
    for (resource, record_id), version in ledger.acknowledged.items():
        by_resource[resource][record_id] = version
    with psycopg.connect(sync_url) as connection:
        for resource, wanted in by_resource.items():
            stored = dict(
                connection.execute(
                    f"SELECT id::text, version FROM {TABLES[resource]} "  # noqa: S608 - fixed names
                    "WHERE id = ANY(%s::uuid[])",
                    (list(wanted),),
                ).fetchall()
            )
            lost += sum(1 for key, version in wanted.items() if stored.get(key, 0) < version)
    if lost:
        violations.append(f"{lost} acknowledged writes lost")
    return lost


def check_answers(ledger: Ledger, figures: Figures) -> int:
    """5xx other than 503; 503s without their headers; readiness while the database is down."""
    other = [
        a for a in ledger.answers if a.status is not None and a.status >= 500 and a.status != 503
    ]
    if other:
        statuses = sorted({a.status for a in other if a.status is not None})
        figures.violations.append(f"{len(other)} answers were 5xx other than 503: {statuses}")
    bare = [a.problem for a in ledger.answers if a.problem]
    if bare:
        figures.violations.append(f"{len(bare)} 503s lacked {sorted(set(bare))}")
    down, up = figures.database_down
    ready_while_down = [a for a in ledger.readiness if a.sent >= down and a.answered <= up]
    if not ready_while_down or any(a.status != 503 for a in ready_while_down):
        statuses = sorted({str(a.status) for a in ready_while_down})
        figures.violations.append(f"/readyz while the database was down answered {statuses}")
    succeeded_while_down = [
        a
        for a in ledger.answers
        if a.sent >= down and a.answered <= up and a.status is not None and a.status < 500
    ]
    if succeeded_while_down:
        figures.violations.append(f"{len(succeeded_while_down)} writes answered with no database")
    if figures.database_recovery > RECOVERY_BUDGET:
        figures.violations.append(
            f"writes succeeded {figures.database_recovery:.1f} s after the database was back "
            f"(budget {RECOVERY_BUDGET:.0f} s)"
        )
    return len(other)


def wait_deliveries(database_url: str, seconds: float) -> dict[str, int]:
    """Wait until no delivery is pending; the count of deliveries by status."""
    deadline = time.monotonic() + seconds
    while True:
        with psycopg.connect(sync(database_url)) as connection:
            counts = dict(
                connection.execute(
                    "SELECT status, count(*) FROM webhook_deliveries GROUP BY status"
                ).fetchall()
            )
        if not counts.get("pending") or time.monotonic() > deadline:
            return counts
        time.sleep(0.5)


def check_webhooks(
    database_url: str, receiver: Receiver, may_repeat: set[str], violations: list[str]
) -> tuple[int, int]:
    """(delivered, delivered twice): every delivery arrives, and none twice but those in
    `may_repeat` (in flight when their worker was killed)."""
    counts = wait_deliveries(database_url, seconds=90)
    with psycopg.connect(sync(database_url)) as connection:
        expected = {
            f"msg_{row[0].hex}_{row[1]}"
            for row in connection.execute(
                "SELECT subscription_id, event_seq FROM webhook_deliveries"
            ).fetchall()
        }
    received = receiver.counts()
    not_received = expected - set(received)
    twice = {key for key, n in received.items() if n > 1}
    if set(counts) - {"delivered"}:
        violations.append(f"deliveries not all delivered: {counts}")
    if not_received:
        violations.append(f"{len(not_received)} webhooks never arrived")
    if twice - may_repeat:
        violations.append(f"{len(twice - may_repeat)} webhooks arrived twice unexpectedly")
    return len(expected & set(received)), len(twice)


@contextmanager
def started(process: TrellisProcess) -> Iterator[TrellisProcess]:
    process.start()
    try:
        yield process
    finally:
        process.stop()


def subscribe(base_url: str, authorization: str, url: str) -> None:
    answer = httpx.post(
        f"{base_url}{API}/webhooks",
        json={"url": url, "event_types": ["*"]},
        headers={"Authorization": authorization},
    )
    answer.raise_for_status()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.outage", description=__doc__)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--rate", type=float, default=5.0, help="writes per second per writer")
    parser.add_argument("--outage-seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--settle", type=float, default=8.0, help="load after each fault")
    return parser.parse_args(argv)


def failed_after_database(ledger: Ledger, figures: Figures) -> str:
    """Writes sent after the database accepted connections again, before the API was
    killed, that still failed (a pool handing out dead connections shows here), by status."""
    up = figures.database_down[1]
    failed = [
        "no answer" if a.status is None else str(a.status)
        for a in ledger.answers
        # Answered before the kill: the writes it cut are no fault of the database.
        if up <= a.sent
        and a.answered < figures.api_killed
        and (a.status is None or a.status >= 500)
    ]
    by_status = ", ".join(f"{status}: {failed.count(status)}" for status in sorted(set(failed)))
    return f"{len(failed)} ({by_status})" if failed else "0"


def print_table(
    ledger: Ledger, figures: Figures, lost: int, other_5xx: int, hooks: tuple[int, int]
) -> None:
    acknowledged = sum(1 for a in ledger.answers if a.status is not None and a.status < 300)
    rows: list[tuple[str, object]] = [
        ("writes sent", f"{len(ledger.answers):,}"),
        ("writes acknowledged (2xx)", f"{acknowledged:,}"),
        ("acknowledged writes lost (must be 0)", f"{lost}"),
        ("5xx other than 503 (must be 0)", f"{other_5xx}"),
        ("503 problem+json, Retry-After", f"{sum(1 for a in ledger.answers if a.status == 503)}"),
        ("no answer (API killed)", f"{sum(1 for a in ledger.answers if a.status is None)}"),
        ("database down, s", f"{figures.database_down[1] - figures.database_down[0]:.1f}"),
        (
            f"writes back after database, s (<= {RECOVERY_BUDGET:.0f})",
            f"{figures.database_recovery:.2f}",
        ),
        ("writes failed once the database was back", failed_after_database(ledger, figures)),
        ("writes back after API kill -9, s", f"{figures.api_recovery:.2f}"),
        ("webhooks delivered", f"{hooks[0]:,}"),
        (
            "webhooks twice (of those in flight at kill -9)",
            f"{hooks[1]} ({len(figures.in_flight_at_kill)})",
        ),
    ]
    print_rows(rows)


def print_rows(rows: list[tuple[str, object]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value!s:>9}")


def verdict(violations: list[str], logs: Path) -> int:
    """Print the violations; the exit code. Logs are kept only when something is wrong."""
    for violation in violations:
        print(f"VIOLATION: {violation}")
    if violations:
        print(f"logs: {logs}")
        return 1
    shutil.rmtree(logs)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="trellis-outage-"))
    with ExitStack() as stack:
        cluster = stack.enter_context(PrivateCluster())
        database_url = migrated_database(cluster)
        receiver = stack.enter_context(Receiver())
        port = free_port()
        env = {
            "TRELLIS_DATABASE_URL": database_url,
            "TRELLIS_ACCESS_LOG": "false",
            "TRELLIS_LOG_LEVEL": "WARNING",
            "TRELLIS_WEBHOOK_ALLOW_PRIVATE": "true",
            # A killed worker's claims are taken over after this, not the default 2 minutes.
            "TRELLIS_WEBHOOK_CLAIM_SECONDS": "5",
            "TRELLIS_WEBHOOK_FIRST_RETRY_SECONDS": "1",
            **SERVER_ENV,
        }
        api = TrellisProcess(["serve", "--port", str(port)], env, logs / "api.log")
        worker = TrellisProcess(["worker"], env, logs / "worker.log")
        rig = Rig(cluster, database_url, api, f"http://127.0.0.1:{port}", worker, receiver)
        stack.enter_context(started(api))
        wait_ready(rig.base_url)
        authorization = bench_authorization(database_url, rig.base_url)
        assert authorization is not None
        subscribe(rig.base_url, authorization, receiver.url)
        stack.enter_context(started(worker))
        ledger, figures = asyncio.run(drive(rig, authorization, args))
        lost = check_database(database_url, ledger, figures.violations)
        other_5xx = check_answers(ledger, figures)
        hooks = check_webhooks(
            database_url, receiver, figures.in_flight_at_kill, figures.violations
        )
        print(
            f"outage (private PostgreSQL, {args.writers} writers at {args.rate:g}/s each; "
            "machine shared and loaded)"
        )
        print_table(ledger, figures, lost, other_5xx, hooks)
    return verdict(figures.violations, logs)


if __name__ == "__main__":
    sys.exit(main())
