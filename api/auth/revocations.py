"""Hear about caller changes committed by other processes: PostgreSQL LISTEN.

Triggers on users, api_clients and refresh_tokens (migration 0004) send the changed
id on CHANNEL when their transaction commits. One connection per process listens;
while it is down the principal cache is off, and when it is back the cache starts
empty, so a missed notice can never leave a revoked caller in.
"""

import asyncio
import contextlib
import logging
import uuid
from typing import Any

import asyncpg
from sqlalchemy.engine import URL, make_url

from api.auth.principal_cache import PrincipalCache

CHANNEL = "trellis_callers"
APPLICATION_NAME = "trellis-caller-changes"
log = logging.getLogger("trellis.auth")


def listener_dsn(database_url: str | URL) -> str:
    """The libpq form of a SQLAlchemy URL, for a plain asyncpg connection."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class RevocationListener:
    def __init__(
        self,
        dsn: str,
        cache: PrincipalCache,
        *,
        check_seconds: float = 10.0,
        retry_seconds: float = 2.0,
    ) -> None:
        self.dsn = dsn
        self.cache = cache
        self.check_seconds = check_seconds
        self.retry_seconds = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    async def start(self, wait_seconds: float = 5.0) -> None:
        """Begin listening; wait a little for the first connection, but start without it."""
        self._task = asyncio.create_task(self._run(), name="trellis-revocations")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), wait_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.cache.stop_listening()

    async def _run(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any failure: deaf until reconnected
                log.warning("caller-change listener down, retrying: %s", type(error).__name__)
            await asyncio.sleep(self.retry_seconds)

    async def _listen_once(self) -> None:
        connection: asyncpg.Connection | None = None
        lost = asyncio.Event()
        try:
            connection = await asyncpg.connect(
                self.dsn, server_settings={"application_name": APPLICATION_NAME}
            )
            connection.add_termination_listener(lambda _connection: lost.set())
            await connection.add_listener(CHANNEL, self._on_notice)
            self.cache.start_listening()
            self._listening.set()
            # A closed socket is reported at once; a silent one by the next query.
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), self.check_seconds)
                    break
                await connection.fetchval("SELECT 1")
            log.warning("caller-change listener lost its connection, retrying")
        finally:
            self.cache.stop_listening()
            self._listening.clear()
            if connection is not None:
                with contextlib.suppress(Exception):
                    await asyncio.shield(connection.close(timeout=1))

    def _on_notice(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            self.cache.forget([uuid.UUID(payload)])
        except ValueError:
            self.cache.clear()
