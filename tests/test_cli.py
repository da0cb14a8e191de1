"""A newcomer's first minutes: `make run` seeds the demo and says how to sign in, every time."""

import asyncio
import re

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.auth import grants
from api.auth.models import User
from api.auth.secrets import SecretHashing
from api.cli import app
from api.core.db import create_database, create_engine
from api.demo import DEMO_ADMIN
from api.settings import get_settings
from tests.cli import CliDatabase

runner = CliRunner()


@pytest.fixture
def database_url(cli: CliDatabase) -> str:
    return cli.url


def signs_in(url: str, email: str, password: str) -> bool:
    async def check() -> bool:
        database = create_database(create_engine(url))
        try:
            async with database.sessionmaker() as session:
                return (
                    await grants.authenticate_user(session, email, password, SecretHashing(1))
                    is not None
                )
        finally:
            await database.engine.dispose()

    return asyncio.run(check())


def users(url: str) -> int:
    async def count() -> int:
        database = create_database(create_engine(url))
        try:
            async with database.sessionmaker() as session:
                return int(await session.scalar(select(func.count()).select_from(User)) or 0)
        finally:
            await database.engine.dispose()

    return asyncio.run(count())


def test_every_run_says_how_to_sign_in_and_a_reset_password_works(database_url: str) -> None:
    first = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    shown = re.search(rf"as {re.escape(DEMO_ADMIN)} with password (\S+)", first.output)
    assert shown is not None, first.output
    assert signs_in(database_url, DEMO_ADMIN, shown.group(1))

    again = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "demo not seeded" in again.output
    assert f"reset-password {DEMO_ADMIN}" in again.output
    assert shown.group(1) not in again.output

    reset = runner.invoke(app, ["reset-password", DEMO_ADMIN.upper()])
    assert reset.exit_code == 0, reset.output
    new = re.search(r": (\S+)\n", reset.output)
    assert new is not None, reset.output
    assert new.group(1) != shown.group(1)
    assert signs_in(database_url, DEMO_ADMIN, new.group(1))
    assert not signs_in(database_url, DEMO_ADMIN, shown.group(1))


def test_reset_password_for_nobody_fails(database_url: str) -> None:
    result = runner.invoke(app, ["reset-password", "nobody@example.org"])
    assert result.exit_code == 1
    assert "no user has the email nobody@example.org" in result.output


def test_production_gets_no_demo_accounts(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRELLIS_ENVIRONMENT", "production")
    monkeypatch.setenv("TRELLIS_SIGNING_KEY", "a-real-secret-for-this-test-only")
    get_settings.cache_clear()
    result = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert result.exit_code == 2
    assert "password" not in result.output
    assert users(database_url) == 0
