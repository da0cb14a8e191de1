"""The outage proof's checks: nothing acknowledged lost (database, feed, webhooks), no 5xx
but a well-formed 503, writes back within budget; and the table of figures."""

import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx
import psycopg

from bench.outage_traffic import API, Ledger, Receiver

RECOVERY_BUDGET = 5.0  # seconds from the database accepting connections to writes succeeding
TABLES = {"partners": "partners", "schools": "schools", "goals": "goals"}


@dataclass
class Figures:
    database_down: tuple[float, float] = (0.0, 0.0)  # stopped .. starting again
    database_up: float = 0.0  # accepting connections again
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
            stored: dict[str, int] = dict(
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
        answered = sorted({str(a.status) for a in ready_while_down})
        figures.violations.append(f"/readyz while the database was down answered {answered}")
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
            counts: dict[str, int] = dict(
                connection.execute(
                    "SELECT status, count(*) FROM webhook_deliveries GROUP BY status"
                ).fetchall()
            )
        if not counts.get("pending") or time.monotonic() > deadline:
            return counts
        time.sleep(0.5)


def check_webhooks(
    database_url: str,
    receiver: Receiver,
    may_repeat: set[str],
    violations: list[str],
    unanswered_may_repeat: bool = True,
) -> tuple[int, int, int]:
    """(delivered, delivered twice, twice after a try with no answer): every delivery
    arrives, and none twice but those in `may_repeat` (in flight when their worker was
    killed) or, unless told otherwise, those whose sender had no answer to an earlier try (a
    timeout or a dropped connection: it cannot know the receiver had it)."""
    counts = wait_deliveries(database_url, seconds=90)
    with psycopg.connect(sync(database_url)) as connection:
        expected = {
            f"msg_{row[0].hex}_{row[1]}"
            for row in connection.execute(
                "SELECT subscription_id, event_seq FROM webhook_deliveries"
            ).fetchall()
        }
        unanswered = {
            f"msg_{row[0].hex}_{row[1]}"
            for row in connection.execute(
                "SELECT DISTINCT subscription_id, event_seq FROM webhook_attempts "
                "WHERE status_code IS NULL"
            ).fetchall()
        }
    received = receiver.counts()
    not_received = expected - set(received)
    twice = {key for key, n in received.items() if n > 1}
    if set(counts) - {"delivered"}:
        violations.append(f"deliveries not all delivered: {counts}")
    if not_received:
        violations.append(f"{len(not_received)} webhooks never arrived")
    after_no_answer = (twice - may_repeat) & unanswered
    unexpected = twice - may_repeat - (after_no_answer if unanswered_may_repeat else set())
    if unexpected:
        violations.append(f"{len(unexpected)} webhooks arrived twice unexpectedly")
    return len(expected & set(received)), len(twice), len(after_no_answer)


def failed_after_database(ledger: Ledger, figures: Figures) -> str:
    """Writes sent after the database accepted connections again, before the API was
    killed, that still failed (a pool handing out dead connections shows here), by status."""
    up = figures.database_up
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
    ledger: Ledger, figures: Figures, lost: int, other_5xx: int, hooks: tuple[int, int, int]
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
        ("  of which after a try with no answer (timeout)", hooks[2]),
    ]
    print_rows(rows)


def print_rows(rows: list[tuple[str, object]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value!s:>9}")
