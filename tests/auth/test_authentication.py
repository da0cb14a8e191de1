import asyncio
import re
import uuid

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiClient
from api.auth.roles import Role
from api.auth.tokens import issue_access_token
from api.core.db import Database
from api.main import create_app
from api.settings import DEVELOPMENT_SIGNING_KEY, Environment, Settings
from tests.auth.helpers import TEST_PASSWORD, make_user
from tests.conftest import settings_for_tests

TOKEN = "/api/v1/auth/token"
PUBLIC_PATHS = {"/healthz", "/readyz", "/api/v1/auth/token"}


async def password_grant(
    client: httpx.AsyncClient, email: str, password: str = TEST_PASSWORD
) -> httpx.Response:
    return await client.post(
        TOKEN, data={"grant_type": "password", "username": email, "password": password}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_every_route_but_the_public_ones_needs_a_token(
    anonymous_client: httpx.AsyncClient, app: FastAPI
) -> None:
    checked = 0
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path or ""
        if not isinstance(route, APIRoute) or path in PUBLIC_PATHS:
            continue
        concrete = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        for method in route.methods:
            response = await anonymous_client.request(method, concrete)
            assert response.status_code == 401, (
                f"{method} {path} answered {response.status_code} without a token"
            )
            checked += 1
    assert checked > 30


async def test_password_grant_me_and_logout(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.coordinator, school_ids=[uuid.uuid4()])
    issued = await password_grant(anonymous_client, user.email.upper())
    assert issued.status_code == 200, issued.text
    tokens = issued.json()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    me = await anonymous_client.get("/api/v1/me", headers=bearer(tokens["access_token"]))
    assert me.json()["role"] == "coordinator"
    assert me.json()["id"] == str(user.id)
    assert (
        await anonymous_client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"]))
    ).status_code == 204
    assert (
        await anonymous_client.get("/api/v1/me", headers=bearer(tokens["access_token"]))
    ).status_code == 401
    refreshed = await anonymous_client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 400


async def test_wrong_password_and_unknown_user_look_the_same(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    wrong = await password_grant(anonymous_client, user.email, "not the password")
    unknown = await password_grant(anonymous_client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json()["error"] == unknown.json()["error"] == "invalid_grant"
    assert wrong.headers["content-type"] == "application/problem+json"


async def test_refresh_rotates_and_reuse_revokes_the_family(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    first = (await password_grant(anonymous_client, user.email)).json()
    second = await anonymous_client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    reused = await anonymous_client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert reused.status_code == 400
    assert "revoked" in reused.json()["detail"]
    family_gone = await anonymous_client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": rotated["refresh_token"]}
    )
    assert family_gone.status_code == 400
    assert (
        await anonymous_client.get("/api/v1/me", headers=bearer(rotated["access_token"]))
    ).status_code == 401


async def test_expired_and_forged_tokens_are_refused(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    tokens = (await password_grant(anonymous_client, user.email)).json()
    assert (
        await anonymous_client.get("/api/v1/me", headers=bearer(tokens["access_token"]))
    ).status_code == 200
    expired = issue_access_token(DEVELOPMENT_SIGNING_KEY, "user", user.id, -1)
    forged = issue_access_token("another-key-that-is-long-enough-to-sign", "user", user.id, 5)
    for token in (expired, forged, "not-a-jwt"):
        response = await anonymous_client.get("/api/v1/me", headers=bearer(token))
        assert response.status_code == 401
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_client_credentials_form_and_basic_then_rotation_and_revocation(
    client: httpx.AsyncClient, anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    created = await client.post("/api/v1/api-clients", json={"name": "SIS sync", "role": "admin"})
    assert created.status_code == 201
    client_id, secret = created.json()["client_id"], created.json()["client_secret"]
    stored = await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    assert stored is not None
    assert secret not in stored.secret_hash
    assert "client_secret" not in (await client.get(f"/api/v1/api-clients/{stored.id}")).json()
    by_form = await anonymous_client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    by_basic = await anonymous_client.post(
        TOKEN, data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert by_form.status_code == by_basic.status_code == 200
    access = by_basic.json()["access_token"]
    assert (
        await anonymous_client.get("/api/v1/schools", headers=bearer(access))
    ).status_code == 200
    listed = (await client.get("/api/v1/api-clients")).json()
    assert next(c for c in listed if c["client_id"] == client_id)["last_used_at"] is not None

    rotated = (await client.post(f"/api/v1/api-clients/{stored.id}/rotate")).json()["client_secret"]
    old = await anonymous_client.post(
        TOKEN, data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert old.status_code == 401
    assert old.json()["error"] == "invalid_client"
    assert (
        await anonymous_client.post(
            TOKEN, data={"grant_type": "client_credentials"}, auth=(client_id, rotated)
        )
    ).status_code == 200

    assert (await client.post(f"/api/v1/api-clients/{stored.id}/revoke")).status_code == 200
    assert (
        await anonymous_client.get("/api/v1/schools", headers=bearer(access))
    ).status_code == 401


async def test_unsupported_grant(anonymous_client: httpx.AsyncClient) -> None:
    response = await anonymous_client.post(TOKEN, data={"grant_type": "implicit"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


async def test_fifty_wrong_passwords_in_a_row_are_throttled(
    database: Database, session: AsyncSession
) -> None:
    app = create_app(settings_for_tests(token_rate_limit="1000/minute"), database=database)
    user = await make_user(session)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        statuses = [
            (await password_grant(client, user.email, f"guess-{n}")).status_code for n in range(50)
        ]
        assert statuses[:10] == [400] * 10
        assert set(statuses[10:]) == {429}
        locked = await password_grant(client, user.email)
        assert locked.status_code == 429
        assert 1 <= int(locked.headers["retry-after"]) <= 900
        other = await make_user(session)
        assert (await password_grant(client, other.email)).status_code == 200


def from_address(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_guessing_slows_the_guessing_address_not_the_owner(
    database: Database, session: AsyncSession
) -> None:
    settings = settings_for_tests(login_failures_per_account=3, token_rate_limit="1000/minute")
    app = create_app(settings, database=database)
    admin = await make_user(session)
    async with (
        from_address(app, "203.0.113.9") as attacker,
        from_address(app, "198.51.100.7") as owner,
    ):
        guesses = [
            (await password_grant(attacker, admin.email, f"guess-{n}")).status_code
            for n in range(4)
        ]
        assert guesses == [400, 400, 400, 429]
        slowed = await password_grant(attacker, admin.email)
        assert slowed.status_code == 429
        assert 1 <= int(slowed.headers["retry-after"]) <= 900
        assert (await password_grant(owner, admin.email)).status_code == 200
        assert (await password_grant(owner, admin.email, "typo")).status_code == 400
        assert (await password_grant(owner, admin.email)).status_code == 200


async def test_the_login_lock_expires(database: Database, session: AsyncSession) -> None:
    settings = settings_for_tests(
        login_lock_seconds=4, login_failures_per_account=3, token_rate_limit="1000/minute"
    )
    app = create_app(settings, database=database)
    user = await make_user(session)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        for n in range(3):
            await password_grant(client, user.email, f"guess-{n}")
        locked = await password_grant(client, user.email)
        assert locked.status_code == 429
        await asyncio.sleep(int(locked.headers["retry-after"]) + 0.2)
        assert (await password_grant(client, user.email)).status_code == 200


async def test_no_secret_reaches_the_logs(
    database: Database, session: AsyncSession, capfd: pytest.CaptureFixture[str]
) -> None:
    app = create_app(settings_for_tests(access_log=True, log_level="INFO"), database=database)
    user = await make_user(session)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        tokens = (await password_grant(client, user.email)).json()
        auth = bearer(tokens["access_token"])
        created = (
            await client.post(
                "/api/v1/api-clients", json={"name": "x", "role": "admin"}, headers=auth
            )
        ).json()
        await client.get("/api/v1/people?q=someone@example.org", headers=auth)
    # The test's own HTTP client logs its URLs; only the service's lines count.
    logged = "\n".join(
        line for line in capfd.readouterr().err.splitlines() if '"logger": "httpx"' not in line
    )
    assert "/api/v1/auth/token" in logged, "the access log should have recorded the requests"
    for secret in (
        TEST_PASSWORD,
        tokens["access_token"],
        tokens["refresh_token"],
        created["client_secret"],
        "someone@example.org",
    ):
        assert secret not in logged


async def test_events_name_their_actor(client: httpx.AsyncClient) -> None:
    me = (await client.get("/api/v1/me")).json()
    await client.post("/api/v1/districts", json={"name": "Actor Test", "state": "CA"})
    events = (await client.get("/api/v1/events?resource=districts&limit=1000")).json()["items"]
    assert events[-1]["actor"] == f"user:{me['id']}"


async def test_cors_allows_only_configured_origins(client: httpx.AsyncClient) -> None:
    allowed = await client.get("/healthz", headers={"Origin": "http://127.0.0.1:5173"})
    other = await client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://127.0.0.1:5173"
    assert "access-control-allow-origin" not in other.headers
    assert allowed.headers["x-content-type-options"] == "nosniff"


def test_production_refuses_the_development_signing_key() -> None:
    with pytest.raises(ValueError, match="TRELLIS_SIGNING_KEY"):
        Settings(environment=Environment.production)
    assert (
        Settings(environment=Environment.production, signing_key="x" * 40).signing_key == "x" * 40
    )


async def test_browser_sign_in_keeps_the_refresh_token_in_an_httponly_cookie(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    signed_in = await anonymous_client.post(
        TOKEN,
        data={
            "grant_type": "password",
            "username": user.email,
            "password": TEST_PASSWORD,
            "refresh_cookie": "true",
        },
    )
    assert signed_in.json()["refresh_token"] is None
    cookie = signed_in.headers["set-cookie"]
    assert "trellis_refresh=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/api/v1/auth" in cookie
    refreshed = await anonymous_client.post(TOKEN, data={"grant_type": "refresh_token"})
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["refresh_token"] is None
    assert refreshed.headers["set-cookie"] != cookie
    access = refreshed.json()["access_token"]
    logged_out = await anonymous_client.post("/api/v1/auth/logout", headers=bearer(access))
    assert 'trellis_refresh=""' in logged_out.headers["set-cookie"]
    assert (
        await anonymous_client.post(TOKEN, data={"grant_type": "refresh_token"})
    ).status_code == 400


async def test_me_names_the_linked_contact(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from tests.directory.factories import make_person

    person = await make_person(session)
    user = await make_user(session, Role.viewer, district_ids=[uuid.uuid4()])
    user.person_id = person.id
    await session.flush()
    tokens = (await password_grant(anonymous_client, user.email)).json()
    me = (await anonymous_client.get("/api/v1/me", headers=bearer(tokens["access_token"]))).json()
    assert me["person_id"] == str(person.id)
    assert me["read_only"] is True
