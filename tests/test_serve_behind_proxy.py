"""`trellis serve --forwarded-allow-ips`: sign-in limits see the client a trusted proxy
names, and nobody else can choose the address they are counted under."""

import httpx
import uvicorn
from sqlalchemy.ext.asyncio import AsyncSession

from api.cli import proxy_options
from api.core.db import Database
from api.main import create_app
from tests.auth.helpers import TEST_PASSWORD, make_user
from tests.conftest import settings_for_tests

PROXY = "10.0.0.2"
ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"


def served(database: Database, forwarded_allow_ips: str | None) -> uvicorn.Config:
    settings = settings_for_tests(login_failures_per_account=2, token_rate_limit="1000/minute")
    config = uvicorn.Config(
        create_app(settings, database=database),
        log_config=None,
        **proxy_options(forwarded_allow_ips),
    )
    config.load()
    return config


async def sign_in(
    config: uvicorn.Config, connected_from: str, forwarded_for: str, email: str, password: str
) -> int:
    transport = httpx.ASGITransport(app=config.loaded_app, client=(connected_from, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": password},
            headers={"X-Forwarded-For": forwarded_for},
        )
    return response.status_code


async def test_behind_a_trusted_proxy_limits_count_the_forwarded_client(
    database: Database, session: AsyncSession
) -> None:
    config = served(database, PROXY)
    user = await make_user(session)
    guesses = [await sign_in(config, PROXY, ATTACKER, user.email, "guess") for _ in range(3)]
    assert guesses == [400, 400, 429]
    assert await sign_in(config, PROXY, OWNER, user.email, TEST_PASSWORD) == 200


async def test_without_the_option_no_one_is_trusted_to_name_the_client(
    database: Database, session: AsyncSession
) -> None:
    config = served(database, None)
    user = await make_user(session)
    for _ in range(2):
        assert await sign_in(config, PROXY, ATTACKER, user.email, "guess") == 400
    # Every caller behind the untrusted proxy is the proxy: the owner shares its count.
    assert await sign_in(config, PROXY, OWNER, user.email, TEST_PASSWORD) == 429


async def test_a_caller_that_is_not_a_trusted_proxy_cannot_pick_its_address(
    database: Database, session: AsyncSession
) -> None:
    config = served(database, PROXY)
    user = await make_user(session)
    statuses = [
        await sign_in(config, ATTACKER, f"192.0.2.{n}", user.email, "guess") for n in range(3)
    ]
    assert statuses == [400, 400, 429]
