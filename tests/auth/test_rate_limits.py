"""Rate-limit counters: per process in memory, shared between processes through Redis."""

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

from api.auth.rate_limit import RateLimits, build_rate_limits
from api.core.errors import TooManyRequests

REDIS_URL = os.environ.get("TRELLIS_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def storages() -> list[str | None]:
    if redis_reachable():
        return [None, REDIS_URL]
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("Redis is expected on 127.0.0.1:6379 in CI")
    return [None]


@pytest.fixture
def made() -> Iterator[list[RateLimits]]:
    created: list[RateLimits] = []
    yield created
    for limiter in created:
        limiter.close()


def limits(redis_url: str | None, made: list[RateLimits]) -> RateLimits:
    limiter = build_rate_limits(
        redis_url=redis_url,
        api_limit="3/minute",
        token_limit="3/minute",
        account_failures=2,
        address_failures=5,
        lock_seconds=60,
    )
    made.append(limiter)
    return limiter


@pytest.mark.parametrize("redis_url", storages(), ids=lambda u: "redis" if u else "memory")
async def test_limit_refuses_with_retry_after(
    redis_url: str | None, made: list[RateLimits]
) -> None:
    limiter = limits(redis_url, made)
    key = uuid.uuid4().hex
    for _ in range(3):
        await limiter.enforce_api("api", key)
    with pytest.raises(TooManyRequests) as refused:
        await limiter.enforce_api("api", key)
    assert 1 <= int(refused.value.headers["Retry-After"]) <= 60
    await limiter.enforce_api("api", uuid.uuid4().hex)


@pytest.mark.parametrize("redis_url", storages(), ids=lambda u: "redis" if u else "memory")
async def test_counters_are_shared_between_processes_only_through_redis(
    redis_url: str | None, made: list[RateLimits]
) -> None:
    first, second = limits(redis_url, made), limits(redis_url, made)
    key = uuid.uuid4().hex
    for _ in range(3):
        await first.enforce_api("api", key)
    if redis_url is None:
        await second.enforce_api("api", key)
    else:
        with pytest.raises(TooManyRequests):
            await second.enforce_api("api", key)
