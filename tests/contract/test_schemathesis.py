"""Schemathesis fuzzes the running API against its own spec: every operation, every check,
the stateful phase over the create links, as an administrator and as a school coordinator
(both signed in through the real token endpoint), on SQLite and PostgreSQL.

Any failure fails this test: there is no list of known ones. Two files shape the run, and
neither relaxes a check: `client_protocol.py` has schema-valid requests echo server-issued
values (Idempotency-Key, cursor, If-Match) as a real client does, and `schemathesis.toml`
allows a 422 only on the operations whose bodies name records by id or carry a rule across
fields or records, which no schema can state.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth.bootstrap import create_admin
from api.settings import to_async_url
from tests.live_api import served

BIN = Path(sys.executable).parent
CLIENT_PROTOCOL = Path(__file__).with_name("client_protocol.py")
CONFIG = Path(__file__).with_name("schemathesis.toml")
ADMIN_EMAIL = "contract-admin@example.org"
ADMIN_PASSWORD = "correct horse battery staple"
# Examples per operation keep the run to a few minutes; no time ceiling, so every run
# tries the same cases however busy the machine is.
MAX_EXAMPLES = "3"


@pytest.fixture
def server(fresh_database_url: str) -> Iterator[str]:
    import asyncio

    asyncio.run(
        create_admin(to_async_url(fresh_database_url), ADMIN_EMAIL, "Admin", ADMIN_PASSWORD)
    )
    with served(
        fresh_database_url,
        log_level="CRITICAL",
        api_rate_limit="1000000/minute",
        token_rate_limit="1000000/minute",
        login_failures_per_account="1000000",
        login_failures_per_address="1000000",
    ) as base:
        yield base


def token(base: str, form: dict[str, str]) -> str:
    answer = httpx.post(f"{base}/api/v1/auth/token", data=form)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def identities(base: str) -> dict[str, str]:
    """An administrator (password grant) and a coordinator of one school (client credentials)."""
    admin = token(
        base, {"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    headers = {"Authorization": f"Bearer {admin}"}
    district = httpx.post(
        f"{base}/api/v1/districts",
        json={"name": "Contract District", "state": "VT"},
        headers=headers,
    ).json()
    school = httpx.post(
        f"{base}/api/v1/schools",
        json={"name": "Contract School", "district_id": district["id"], "state": "VT"},
        headers=headers,
    ).json()
    client = httpx.post(
        f"{base}/api/v1/api-clients",
        json={"name": "Contract coordinator", "role": "coordinator", "school_ids": [school["id"]]},
        headers=headers,
    ).json()
    coordinator = token(
        base,
        {
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        },
    )
    return {"admin": admin, "coordinator": coordinator}


def schemathesis(base: str, bearer: str, *selection: str) -> subprocess.CompletedProcess[str]:
    arguments = [
        *("run", f"{base}/openapi.json", "--checks", "all", "--workers", "1"),
        *("--max-examples", MAX_EXAMPLES),
        *("--generation-deterministic", "--no-color"),
        *("--header", f"Authorization: Bearer {bearer}"),
    ]
    return subprocess.run(
        [str(BIN / "st"), "--config-file", str(CONFIG), *arguments, *selection],
        env=os.environ | {"SCHEMATHESIS_HOOKS": str(CLIENT_PROTOCOL)},
        capture_output=True,
        text=True,
        check=False,
    )


# The coverage phase's boundary cases are nine requests in ten. As the administrator on
# PostgreSQL, the production database, every phase runs in full; the same boundary cases
# as the coordinator go through the same validation to the scope checks the scope matrix
# covers, and the schema-violating ones (most of them) are refused by that validation
# before any database is touched, so on SQLite only those a schema allows reach it.
WITHOUT_COVERAGE = ("--phases", "examples,fuzzing,stateful")
BOUNDARY_CASES = {
    "postgresql": ("--phases", "coverage"),
    "sqlite": ("--phases", "coverage", "--mode", "positive"),
}


def runs(backend: str, bearers: dict[str, str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(identity, bearer, selection): the coordinator goes first, as the administrator's
    run may revoke or rotate its client; signing out revokes the token the rest of the
    run uses, so it goes last, on its own."""
    but_logout = ("--exclude-path", "/api/v1/auth/logout")
    return [
        ("coordinator", bearers["coordinator"], (*but_logout, *WITHOUT_COVERAGE)),
        ("admin", bearers["admin"], (*but_logout, *WITHOUT_COVERAGE)),
        ("admin", bearers["admin"], (*but_logout, *BOUNDARY_CASES[backend])),
        (
            "admin",
            bearers["admin"],
            # Nothing links to it, so there is no stateful phase to run.
            ("--include-path", "/api/v1/auth/logout", "--phases", "examples,coverage,fuzzing"),
        ),
    ]


@pytest.mark.fuzz
def test_the_api_keeps_its_contract(backend: str, server: str) -> None:
    failed = []
    for name, bearer, selection in runs(backend, identities(server)):
        result = schemathesis(server, bearer, *selection)
        if result.returncode != 0:
            failed.append(f"as {name} {' '.join(selection)}:\n{result.stdout[-60000:]}")
    assert not failed, "\n\n".join(failed)
