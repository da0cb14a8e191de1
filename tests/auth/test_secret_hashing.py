"""Slow hashes run in worker threads, a bounded number at once, so a burst of sign-ins
never holds up the event loop.

The app's hashing is swapped for one whose hasher is real Argon2 at its cheapest
settings, wrapped to record where and how many calls run, and gated so the test
decides when they may finish: ordering, not timing.
"""

import asyncio
import threading
import uuid

import httpx
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.auth.models import User
from api.auth.roles import Role
from api.auth.secrets import SecretHashing
from api.core.db import Database
from api.main import create_app
from tests.conftest import settings_for_tests

TOKEN = "/api/v1/auth/token"
# Only a safety net should a call never come: no assertion depends on it.
GATE_TIMEOUT_SECONDS = 30


class GatedHasher:
    """Argon2, recording the threads it runs on and how many calls run at once."""

    def __init__(self, fill: int) -> None:
        self.argon2 = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
        self.threads: list[threading.Thread] = []
        self.inside = 0
        self.most_inside = 0
        self.filled = threading.Event()  # `fill` calls are inside at once
        self.gate = threading.Event()
        self.gate.set()
        self._fill = fill
        self._lock = threading.Lock()

    def _enter(self) -> None:
        with self._lock:
            self.threads.append(threading.current_thread())
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            if self.inside >= self._fill:
                self.filled.set()
        self.gate.wait(GATE_TIMEOUT_SECONDS)

    def _leave(self) -> None:
        with self._lock:
            self.inside -= 1

    def hash(self, secret: str, /) -> str:
        self._enter()
        try:
            return self.argon2.hash(secret)
        finally:
            self._leave()

    def verify(self, secret: str, hashed: str, /) -> bool:
        self._enter()
        try:
            return self.argon2.verify(secret, hashed)
        finally:
            self._leave()


async def test_hashing_runs_in_a_worker_thread() -> None:
    hasher = GatedHasher(fill=1)
    hashing = SecretHashing(1, hasher=hasher)
    hashed = await hashing.hash("a secret")
    assert await hashing.verify("a secret", hashed)
    assert not await hashing.verify("another", hashed)
    assert not await hashing.verify("a secret", None)  # no such account
    assert not await hashing.verify("a secret", None)
    loop_thread = threading.current_thread()
    assert len(hasher.threads) == 5
    assert loop_thread not in hasher.threads


async def test_a_burst_of_wrong_passwords_waits_its_turn_while_the_loop_serves(
    real_database: Database,
) -> None:
    bound = 2
    settings = settings_for_tests(token_rate_limit="1000/minute", secret_hashes_at_once=bound)
    app = create_app(settings, database=real_database)
    hasher = GatedHasher(fill=bound)
    app.state.secret_hashing = SecretHashing(settings.secret_hashes_at_once, hasher=hasher)
    emails = [f"burst-{uuid.uuid4().hex[:8]}@example.org" for _ in range(20)]
    async with real_database.sessionmaker() as session:
        session.add_all(
            User(
                email=email,
                display_name="Burst",
                password_hash=hasher.argon2.hash("the right one"),
                role=Role.viewer.value,
                district_ids=[],
                school_ids=[],
            )
            for email in emails
        )
        await session.commit()

    hasher.gate.clear()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        sign_ins = [
            asyncio.create_task(
                client.post(
                    TOKEN,
                    data={"grant_type": "password", "username": email, "password": "wrong"},
                )
            )
            for email in emails
        ]
        assert await asyncio.to_thread(hasher.filled.wait, GATE_TIMEOUT_SECONDS)
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert not any(task.done() for task in sign_ins)
        hasher.gate.set()
        answers = await asyncio.gather(*sign_ins)

    assert [answer.status_code for answer in answers] == [400] * 20
    assert {answer.json()["error"] for answer in answers} == {"invalid_grant"}
    assert hasher.most_inside == bound
    assert len(hasher.threads) == 20
    assert threading.current_thread() not in hasher.threads
