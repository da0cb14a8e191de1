"""Several processes: two `trellis serve` and two `trellis worker` on one PostgreSQL
(a private cluster) and the machine's Redis, under a steady write load.

    uv run --frozen python -m bench.processes
    uv run --frozen python -m bench.processes --redis-url redis://127.0.0.1:6379/0

Checked: an API client revoked and a user deactivated through one API process are
refused by the other within a second (each process caches callers and forgets them
on PostgreSQL's notices); one caller's rate limit holds across both processes (the
counters are in Redis); every webhook is delivered and none twice; every write
acknowledged is in the database. Exits non-zero on any violation.
"""

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.credentials import bench_authorization
from bench.outage import started, subscribe, verdict
from bench.outage_checks import check_database, check_webhooks, print_rows
from bench.outage_traffic import API, Ledger, Places, Receiver, make_places, writer
from bench.private_cluster import (
    PrivateCluster,
    TrellisProcess,
    free_port,
    migrated_database,
    wait_ready,
)

REFUSAL_BUDGET = 1.0  # seconds from a revocation's answer to the other process refusing
RATE_LIMIT = 300  # per minute, per caller
PASSWORD = "processes-bench-password"  # noqa: S105 - a throwaway account on a private cluster


@dataclass
class Figures:
    refusal_seconds: dict[str, float] = field(default_factory=dict)
    rate_accepted: int = 0
    rate_refused: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


def authorized(base_url: str, authorization: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": authorization}, timeout=30
    )


async def token(base_url: str, form: dict[str, str]) -> str:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        answer = await http.post(f"{API}/auth/token", data=form)
        answer.raise_for_status()
        return f"Bearer {answer.json()['access_token']}"


async def new_client(admin: httpx.AsyncClient, name: str) -> str:
    """An admin API client's bearer token."""
    created = await admin.post(f"{API}/api-clients", json={"name": name, "role": "admin"})
    created.raise_for_status()
    client = created.json()
    return await token(
        str(admin.base_url),
        {
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        },
    )


async def refused_within(http: httpx.AsyncClient, since: float, budget: float) -> float:
    """Seconds from `since` until `http` (the other process) answers 401 to /me."""
    while True:
        answer = await http.get(f"{API}/me")
        if answer.status_code == 401:
            return time.monotonic() - since
        if time.monotonic() - since > budget * 5:
            return float("inf")
        await asyncio.sleep(0.01)


async def check_revocations(bases: tuple[str, str], admin_token: str, figures: Figures) -> None:
    first, other = bases
    async with authorized(first, admin_token) as admin:
        # An API client, revoked through the first process.
        victim = await new_client(admin, "revoked through the other process")
        async with authorized(other, victim) as seen_elsewhere:
            assert (await seen_elsewhere.get(f"{API}/me")).status_code == 200  # now cached
            client_id = (await seen_elsewhere.get(f"{API}/me")).json()["id"]
            revoked = await admin.post(f"{API}/api-clients/{client_id}/revoke")
            revoked.raise_for_status()
            figures.refusal_seconds["API client revoked"] = await refused_within(
                seen_elsewhere, time.monotonic(), REFUSAL_BUDGET
            )
        # A user, deactivated through the first process.
        email = f"deactivated-{uuid.uuid4().hex[:8]}@example.org"
        user = await admin.post(
            f"{API}/users",
            json={
                "email": email,
                "display_name": "Soon gone",
                "password": PASSWORD,
                "role": "admin",
            },
        )
        user.raise_for_status()
        person = await token(
            other, {"grant_type": "password", "username": email, "password": PASSWORD}
        )
        async with authorized(other, person) as seen_elsewhere:
            assert (await seen_elsewhere.get(f"{API}/me")).status_code == 200
            path = f"{API}/users/{user.json()['id']}"
            current = await admin.get(path)  # signing in changed it
            deactivated = await admin.patch(
                path,
                json={"is_active": False},
                headers={
                    "If-Match": current.headers["etag"],
                    "Content-Type": "application/merge-patch+json",
                },
            )
            deactivated.raise_for_status()
            figures.refusal_seconds["user deactivated"] = await refused_within(
                seen_elsewhere, time.monotonic(), REFUSAL_BUDGET
            )
    for what, seconds in figures.refusal_seconds.items():
        if seconds > REFUSAL_BUDGET:
            figures.violations.append(f"{what}: the other process let it in for {seconds:.2f} s")


async def check_rate_limit(bases: tuple[str, str], admin_token: str, figures: Figures) -> None:
    """One caller sends 1.5x its limit, alternating processes: each process alone sees
    fewer requests than the limit, so refusals come only from shared counters."""
    async with authorized(bases[0], admin_token) as admin:
        caller = await new_client(admin, "rate limited across processes")
    clients = [authorized(base, caller) for base in bases]
    statuses: list[tuple[int, int]] = []
    sends = asyncio.Semaphore(8)

    async def one(n: int) -> None:
        async with sends:
            answer = await clients[n % 2].get(f"{API}/me")
            statuses.append((n % 2, answer.status_code))

    try:
        await asyncio.gather(*(one(n) for n in range(RATE_LIMIT * 3 // 2)))
    finally:
        for http in clients:
            await http.aclose()
    figures.rate_accepted = sum(1 for _, status in statuses if status == 200)
    for index, base in enumerate(bases):
        figures.rate_refused[base] = sum(1 for i, s in statuses if i == index and s == 429)
    unexpected = {s for _, s in statuses} - {200, 429}
    if figures.rate_accepted > RATE_LIMIT or unexpected:
        figures.violations.append(
            f"rate limit {RATE_LIMIT}/minute: {figures.rate_accepted} accepted, "
            f"other answers {sorted(unexpected)}"
        )
    if not all(figures.rate_refused.values()):
        figures.violations.append(f"a process never refused: {figures.rate_refused}")


async def load_and_checks(
    bases: tuple[str, str], admin_token: str, args: argparse.Namespace
) -> tuple[Ledger, Figures]:
    ledger, figures = Ledger(), Figures()
    tokens = [await new_client_token(bases[0], admin_token, n) for n in range(args.writers)]
    writers = [authorized(bases[n % 2], caller) for n, caller in enumerate(tokens)]
    try:
        places: Places = await make_places(writers[0])
        stop = asyncio.Event()
        load = [
            asyncio.create_task(writer(http, ledger, places, args.rate, stop)) for http in writers
        ]
        try:
            await asyncio.sleep(args.warmup)
            await check_revocations(bases, admin_token, figures)
            await check_rate_limit(bases, admin_token, figures)
            await asyncio.sleep(args.warmup)
        finally:
            stop.set()
            await asyncio.gather(*load)
    finally:
        for http in writers:
            await http.aclose()
    return ledger, figures


async def new_client_token(base: str, admin_token: str, n: int) -> str:
    """Each writer is a caller of its own, so the load stays under the rate limit."""
    async with authorized(base, admin_token) as admin:
        return await new_client(admin, f"writer {n}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.processes", description=__doc__)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=2.0, help="writes per second per writer")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    return parser.parse_args(argv)


def print_table(ledger: Ledger, figures: Figures, lost: int, hooks: tuple[int, int, int]) -> None:
    acknowledged = sum(1 for a in ledger.answers if a.status is not None and a.status < 300)
    rows: list[tuple[str, Any]] = [
        ("writes acknowledged (2xx)", f"{acknowledged:,}"),
        ("acknowledged writes lost (must be 0)", lost),
        *(
            (f"{what}: refused by the other process, s (<= {REFUSAL_BUDGET:g})", f"{s:.3f}")
            for what, s in figures.refusal_seconds.items()
        ),
        (
            f"rate limit {RATE_LIMIT}/min, {RATE_LIMIT * 3 // 2} sent over 2 processes: accepted",
            figures.rate_accepted,
        ),
        ("  refused (429) by each process", " / ".join(map(str, figures.rate_refused.values()))),
        ("webhooks delivered (2 workers)", f"{hooks[0]:,}"),
        ("webhooks delivered twice (must be 0)", hooks[1]),
    ]
    print_rows(rows)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="trellis-processes-"))
    with ExitStack() as stack:
        cluster = stack.enter_context(PrivateCluster())
        database_url = migrated_database(cluster)
        receiver = stack.enter_context(Receiver(pause_seconds=0))
        env = {
            "TRELLIS_DATABASE_URL": database_url,
            "TRELLIS_REDIS_URL": args.redis_url,
            "TRELLIS_ACCESS_LOG": "false",
            "TRELLIS_LOG_LEVEL": "WARNING",
            "TRELLIS_WEBHOOK_ALLOW_PRIVATE": "true",
            "TRELLIS_ACCESS_TOKEN_MINUTES": "600",
            "TRELLIS_API_RATE_LIMIT": f"{RATE_LIMIT}/minute",
            "TRELLIS_DB_POOL_SIZE": "10",
            "TRELLIS_DB_MAX_OVERFLOW": "10",
        }
        ports = (free_port(), free_port())
        bases = (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
        for n, port in enumerate(ports):
            api = TrellisProcess(["serve", "--port", str(port)], env, logs / f"api{n}.log")
            stack.enter_context(started(api))
        for base in bases:
            wait_ready(base)
        admin_token = bench_authorization(database_url, bases[0])
        assert admin_token is not None
        subscribe(bases[0], admin_token, receiver.url)
        for n in range(2):
            stack.enter_context(started(TrellisProcess(["worker"], env, logs / f"worker{n}.log")))
        ledger, figures = asyncio.run(load_and_checks(bases, admin_token, args))
        lost = check_database(database_url, ledger, figures.violations)
        hooks = check_webhooks(
            database_url, receiver, set(), figures.violations, unanswered_may_repeat=False
        )
        print(
            f"processes (2 API, 2 workers, private PostgreSQL, Redis; {args.writers} writers at "
            f"{args.rate:g}/s each; machine shared and loaded)"
        )
        print_table(ledger, figures, lost, hooks)
    return verdict(figures.violations, logs, "processes", lost)


if __name__ == "__main__":
    sys.exit(main())
