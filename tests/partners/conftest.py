from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from tests.auth.helpers import sign_in_as

SignIn = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def sign_in(app: FastAPI, session: AsyncSession) -> AsyncIterator[SignIn]:
    """A client signed in with a role and its grant, e.g. `await sign_in(Role.partner, partner_id=...)`."""
    made: list[httpx.AsyncClient] = []

    async def signed_in(role: Role, **grant: object) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers=await sign_in_as(session, role, **grant),
        )
        made.append(client)
        return client

    yield signed_in
    for client in made:
        await client.aclose()
