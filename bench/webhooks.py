"""Webhook delivery benchmark: deliveries/s from two `trellis worker` processes to a
loopback receiver, on PostgreSQL (workers claim with FOR UPDATE SKIP LOCKED).

    uv run python -m bench.webhooks                  # 5,000 deliveries
    uv run python -m bench.webhooks --deliveries 20000

A fresh, migrated database with one administrator's subscription; a receiver (uvicorn,
answering 204) and two workers are started and left idle; then one transaction writes
the events and, through the outbox, their deliveries. The clock runs from that commit
until every delivery is marked delivered. Exits non-zero under the budget.
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import func, select

import api.models  # noqa: F401 - every table, and the outbox registered with the event log
from api.auth.models import User
from api.auth.roles import Role
from api.core.db import create_database, create_engine
from api.core.events import Operation, PendingEvent, flush_events, record_event, set_actor
from api.integrations.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from api.integrations.webhooks.secrets import new_secret, seal
from api.settings import DEVELOPMENT_SIGNING_KEY
from bench.own_database import add_postgres_url, fresh_postgres
from bench.verdicts import Verdict, record

BUDGET = 500.0  # deliveries per second, two workers
DATABASE = "trellis_bench_webhooks"
BIN = Path(sys.executable).parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.webhooks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--deliveries", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=2)
    add_postgres_url(parser, DATABASE)
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the receiver did not start on port {port}")


@contextmanager
def process(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    started = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        yield started
    finally:
        started.terminate()
        started.wait(timeout=30)


async def subscribe(url: str, receiver_url: str) -> None:
    database = create_database(create_engine(url))
    async with database.sessionmaker() as session, session.begin():
        admin = User(
            email="bench@example.org",
            display_name="Bench",
            password_hash="-",  # noqa: S106 - no one signs in as it
            role=Role.admin.value,
            district_ids=[],
            school_ids=[],
        )
        session.add(admin)
        await session.flush()
        session.add(
            WebhookSubscription(
                owner_kind="user",
                owner_id=admin.id,
                url=receiver_url,
                event_types=["*"],
                sealed_secret=seal(DEVELOPMENT_SIGNING_KEY, new_secret()),
                active=True,
                consecutive_failures=0,
            )
        )
    await database.engine.dispose()


async def write_events(url: str, count: int) -> None:
    """One transaction of `count` events; the outbox gets a delivery for each."""
    database = create_database(create_engine(url))
    async with database.sessionmaker() as session, session.begin():
        set_actor(session, "bench")
        for _ in range(count):
            record_event(session, PendingEvent("districts", uuid.uuid4(), Operation.update, 2))
        await flush_events(session)
    await database.engine.dispose()


async def wait_delivered(url: str, count: int, seconds: float) -> int:
    database = create_database(create_engine(url))
    deadline = time.monotonic() + seconds
    delivered = 0
    try:
        async with database.sessionmaker() as session:
            while time.monotonic() < deadline:
                delivered = int(
                    await session.scalar(
                        select(func.count())
                        .select_from(WebhookDelivery)
                        .where(WebhookDelivery.status == DeliveryStatus.delivered.value)
                    )
                    or 0
                )
                await session.rollback()
                if delivered >= count:
                    break
                await asyncio.sleep(0.05)
    finally:
        await database.engine.dispose()
    return delivered


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = fresh_postgres(args.postgres_url, DATABASE)
    port = free_port()
    receiver_url = f"http://127.0.0.1:{port}/hook"
    asyncio.run(subscribe(url, receiver_url))
    env = os.environ | {
        "TRELLIS_DATABASE_URL": url,
        "TRELLIS_WEBHOOK_ALLOW_PRIVATE": "true",
        "TRELLIS_LOG_LEVEL": "WARNING",
    }
    serve_receiver = [
        str(BIN / "uvicorn"),
        "bench.webhook_receiver:receiver",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with ExitStack() as stack:
        stack.enter_context(process(serve_receiver, env))
        for _ in range(args.workers):
            stack.enter_context(process([str(BIN / "trellis"), "worker"], env))
        wait_for_port(port)
        time.sleep(3)  # the workers connect and go idle
        asyncio.run(write_events(url, args.deliveries))
        started = time.perf_counter()
        delivered = asyncio.run(wait_delivered(url, args.deliveries, seconds=300))
        elapsed = time.perf_counter() - started
    rate = delivered / elapsed
    verdict = "ok" if delivered >= args.deliveries and rate >= BUDGET else "UNDER BUDGET"
    print(
        f"webhooks (postgresql, {args.workers} workers): {delivered:,} deliveries in "
        f"{elapsed:.2f} s = {rate:,.0f}/s (budget >= {BUDGET:,.0f}/s) {verdict}"
    )
    record(
        Verdict(
            area="webhooks",
            budget=f"deliveries, {args.workers} workers, loopback >= {BUDGET:,.0f}/s",
            value=rate,
            unit="/s",
            ok=verdict == "ok",
        )
    )
    print(f"webhooks: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
