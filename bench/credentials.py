"""A bearer token for the load: an admin API client written straight into the
bench database, exchanged for an access token at the public token endpoint."""

import asyncio
import http.client
import json
from urllib.parse import urlencode, urlsplit

from sqlalchemy import insert

from api.core.db import create_engine

# The server under test gets these: a token that outlives the run, and an API
# rate limit far above what one machine can send, so no request is refused.
SERVER_ENV = {
    "TRELLIS_ACCESS_TOKEN_MINUTES": "600",
    "TRELLIS_API_RATE_LIMIT": "100000000/minute",
}


def bench_authorization(database_url: str, base_url: str) -> str | None:
    """`Bearer <token>`, or None when this build has no sign-in yet."""
    try:
        from api.auth.models import ApiClient
        from api.auth.secrets import default_hasher, new_client_id, new_client_secret
    except ImportError:
        return None
    client_id, secret = new_client_id(), new_client_secret()

    async def create() -> None:
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(
                    insert(ApiClient).values(
                        name="bench",
                        client_id=client_id,
                        secret_hash=default_hasher().hash(secret),
                        created_by="bench",
                        role="admin",
                        district_ids=[],
                        school_ids=[],
                    )
                )
        finally:
            await engine.dispose()

    asyncio.run(create())
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    form = urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )
    connection.request(
        "POST",
        "/api/v1/auth/token",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    answer = connection.getresponse()
    body = json.loads(answer.read())
    connection.close()
    if answer.status != 200:
        raise RuntimeError(f"the token endpoint answered {answer.status}: {body}")
    return f"Bearer {body['access_token']}"
