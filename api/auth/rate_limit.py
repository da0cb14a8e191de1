"""Rate limits on the `limits` library: in memory by default, Redis when configured,
so several API processes share one set of counters.

Without its Redis, a request is refused with a 503 and Retry-After rather than counted
per process: the sign-in lockouts would otherwise allow each process its own attempts
and start again at every restart, and nothing outside the log would show it.
"""

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import (
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from limits.errors import StorageError
from limits.storage import storage_from_string

from api.core.errors import ServiceUnavailable, TooManyRequests

log = logging.getLogger("trellis.auth")
STORE_RETRY_SECONDS = 5


@contextmanager
def store_reachable() -> Iterator[None]:
    """Turn the counters' store failing into a 503 the client can retry."""
    try:
        yield
    except StorageError as error:
        log.error("rate-limit store unavailable: %s", error.storage_error)
        raise ServiceUnavailable(
            "Rate limits cannot be checked now; retry shortly.",
            headers={"Retry-After": str(STORE_RETRY_SECONDS)},
        ) from error


@dataclass
class RateLimits:
    limiter: MovingWindowRateLimiter
    # Every request counts against the API limit: a sliding-window counter keeps two
    # numbers per caller instead of one timestamp per request.
    api_limiter: SlidingWindowCounterRateLimiter
    api: RateLimitItem
    token: RateLimitItem
    account_failures: RateLimitItem
    address_failures: RateLimitItem

    async def enforce(self, item: RateLimitItem, *keys: str) -> None:
        with store_reachable():
            if not await self.limiter.hit(item, *keys):
                raise self._refusal(item, await self._retry_after(self.limiter, item, *keys))

    async def enforce_api(self, *keys: str) -> None:
        with store_reachable():
            if not await self.api_limiter.hit(self.api, *keys):
                raise self._refusal(
                    self.api, await self._retry_after(self.api_limiter, self.api, *keys)
                )

    async def refuse_if_exhausted(self, item: RateLimitItem, *keys: str) -> None:
        with store_reachable():
            if not await self.limiter.test(item, *keys):
                raise self._refusal(item, await self._retry_after(self.limiter, item, *keys))

    async def count(self, item: RateLimitItem, *keys: str) -> None:
        with store_reachable():
            await self.limiter.hit(item, *keys)

    async def reset(self, item: RateLimitItem, *keys: str) -> None:
        with store_reachable():
            await self.limiter.clear(item, *keys)

    def close(self) -> None:
        # `limits` exposes no close; its Redis client's pool holds the sockets.
        client = getattr(getattr(self.limiter.storage, "bridge", None), "storage", None)
        pool = getattr(client, "connection_pool", None)
        if pool is not None:
            pool.disconnect()

    @staticmethod
    async def _retry_after(limiter: RateLimiter, item: RateLimitItem, *keys: str) -> int:
        stats = await limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(stats.reset_time - time.time()))

    @staticmethod
    def _refusal(item: RateLimitItem, retry_after: int) -> TooManyRequests:
        return TooManyRequests(
            f"Too many requests; try again in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )


def build_rate_limits(
    *,
    redis_url: str | None,
    api_limit: str,
    token_limit: str,
    account_failures: int,
    address_failures: int,
    lock_seconds: int,
) -> RateLimits:
    # In memory, the API counters get a storage of their own: the one holding the
    # moving windows of failed logins sweeps them in a thread after every hit.
    storage: Storage = MemoryStorage()
    api_storage: Storage = MemoryStorage()
    if redis_url:
        shared = storage_from_string(
            redis_url.replace("redis://", "async+redis://", 1), wrap_exceptions=True
        )
        assert isinstance(shared, Storage)
        storage = api_storage = shared
    return RateLimits(
        limiter=MovingWindowRateLimiter(storage),
        api_limiter=SlidingWindowCounterRateLimiter(api_storage),
        api=parse(api_limit),
        token=parse(token_limit),
        account_failures=RateLimitItemPerSecond(account_failures, lock_seconds),
        address_failures=RateLimitItemPerSecond(address_failures, lock_seconds),
    )
