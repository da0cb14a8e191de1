"""Passwords and client secrets as slow hashes; refresh tokens as fast ones (they are random)."""

import hashlib
import secrets
from typing import Protocol

import anyio
import anyio.to_thread
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

STAND_IN_FOR_UNKNOWN_ACCOUNTS = "not-a-real-password"


class SlowHasher(Protocol):
    """What `pwdlib.PasswordHash` offers: a salted slow hash and its check."""

    def hash(self, secret: str, /) -> str: ...

    def verify(self, secret: str, hashed: str, /) -> bool: ...


def default_hasher() -> SlowHasher:
    return PasswordHash((Argon2Hasher(),))


class SecretHashing:
    """Slow hashes in worker threads, at most `max_at_once` at a time.

    An Argon2 hash or check takes about 0.4 s. On the event loop, 20 failed sign-ins
    at once stalled every other request for seconds; in threads (argon2 releases the
    GIL) the loop keeps serving, and the bound keeps a burst of sign-ins from taking
    every CPU (each hash already runs its lanes in parallel): the rest wait their turn
    without blocking anything.
    """

    def __init__(self, max_at_once: int, hasher: SlowHasher | None = None) -> None:
        self._hasher = hasher or default_hasher()
        self._limiter = anyio.CapacityLimiter(max_at_once)
        self._dummy_hash: str | None = None

    async def hash(self, secret: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, secret, limiter=self._limiter)

    async def verify(self, secret: str, hashed: str | None) -> bool:
        """Whether `secret` matches; `hashed=None` (no such account) costs a check too,
        so a wrong password and an unknown account take the same time."""
        if hashed is None:
            if self._dummy_hash is None:
                self._dummy_hash = await self.hash(STAND_IN_FOR_UNKNOWN_ACCOUNTS)
            else:
                await self._check(secret, self._dummy_hash)
            return False
        return await self._check(secret, hashed)

    async def _check(self, secret: str, hashed: str) -> bool:
        return await anyio.to_thread.run_sync(
            self._hasher.verify, secret, hashed, limiter=self._limiter
        )


def new_client_id() -> str:
    return "trl_" + secrets.token_hex(8)


def new_client_secret() -> str:
    return "trl_secret_" + secrets.token_urlsafe(32)


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(12)
