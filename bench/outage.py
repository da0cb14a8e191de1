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
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from bench.credentials import SERVER_ENV, bench_authorization
from bench.outage_checks import (
    Figures,
    check_answers,
    check_database,
    check_feed,
    check_webhooks,
    print_table,
    recovery_after,
    sync,
)
from bench.outage_traffic import API, Ledger, Receiver, make_places, readiness, writer
from bench.private_cluster import (
    PrivateCluster,
    TrellisProcess,
    free_port,
    migrated_database,
    wait_ready,
)
from bench.verdicts import Verdict, record


@dataclass
class Rig:
    """Everything the faults act on."""

    cluster: PrivateCluster
    database_url: str
    api: TrellisProcess
    base_url: str
    worker: TrellisProcess
    receiver: Receiver


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
    # Surely down until its start begins: an answer after that may already be served.
    figures.database_down = (down, time.monotonic())
    await asyncio.to_thread(rig.cluster.start)
    up = figures.database_up = time.monotonic()
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


def verdict(violations: list[str], logs: Path, area: str, lost: int) -> int:
    """Print the violations, record them for `make bench`'s table; the exit code. Logs are
    kept only when something is wrong."""
    record(Verdict(area, "acknowledged writes lost = 0", lost, "writes", lost == 0))
    record(
        Verdict(
            area,
            "every other promise kept (VIOLATION lines)",
            len(violations),
            "broken",
            not violations,
        )
    )
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
    return verdict(figures.violations, logs, "outage", lost)


if __name__ == "__main__":
    sys.exit(main())
