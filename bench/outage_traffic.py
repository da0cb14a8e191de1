"""The outage proof's load: writers that create and patch records at a steady rate, a
readiness poller, a loopback webhook receiver, and the ledger of every answer they got."""

import asyncio
import itertools
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from bench.private_cluster import free_port

API = "/api/v1"
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


async def make_places(http: httpx.AsyncClient) -> Places:
    district = await http.post(f"{API}/districts", json={"name": "Outage USD", "state": "CA"})
    district.raise_for_status()
    district_id = district.json()["id"]
    school = await http.post(
        f"{API}/schools", json={"name": "Outage school", "district_id": district_id}
    )
    school.raise_for_status()
    return Places(district_id, school.json()["id"])
