"""Rate-limit counters: per process in memory, shared between processes through Redis."""

import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.rate_limit import RateLimits, build_rate_limits
from api.auth.roles import Role
from api.core.db import Database
from api.core.errors import ServiceUnavailable, TooManyRequests
from api.main import create_app
from tests.auth.helpers import TEST_PASSWORD, make_user, sign_in_as
from tests.conftest import settings_for_tests

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


@pytest.fixture
def unreachable_redis_url() -> Iterator[str]:
    """A port held by a socket that never listens, so connecting to it is refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"redis://127.0.0.1:{held.getsockname()[1]}"


async def test_a_store_that_cannot_be_reached_is_unavailable_not_unlimited(
    unreachable_redis_url: str, made: list[RateLimits], caplog: pytest.LogCaptureFixture
) -> None:
    limiter = limits(unreachable_redis_url, made)
    key = uuid.uuid4().hex
    with caplog.at_level(logging.ERROR, logger="trellis.auth"):
        for check in (
            limiter.enforce_api("api", key),
            limiter.enforce(limiter.token, "token", key),
            limiter.refuse_if_exhausted(limiter.account_failures, "login-account", key),
            limiter.count(limiter.account_failures, "login-account", key),
            limiter.reset(limiter.account_failures, "login-account", key),
        ):
            with pytest.raises(ServiceUnavailable) as refused:
                await check
            assert refused.value.headers == {"Retry-After": "5"}
    assert len(caplog.records) == 5
    assert all("rate-limit store unavailable" in r.getMessage() for r in caplog.records)


@pytest.fixture
async def without_redis(
    unreachable_redis_url: str, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings_for_tests(redis_url=unreachable_redis_url), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http
    app.state.rate_limits.close()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert response.json()["detail"] == "Rate limits cannot be checked now; retry shortly."
    assert response.headers["x-request-id"] == "no-redis"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


async def test_without_its_redis_the_api_answers_503_with_retry_after(
    without_redis: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers = await sign_in_as(session, Role.admin) | {"X-Request-ID": "no-redis"}
    assert_unavailable(await without_redis.get("/api/v1/me", headers=headers))
    user = await make_user(session)
    signing_in = await without_redis.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": user.email, "password": TEST_PASSWORD},
        headers={"X-Request-ID": "no-redis"},
    )
    assert_unavailable(signing_in)
    assert (await without_redis.get("/healthz")).status_code == 200
