"""Autocommit read connections kept open from one read request to the next.

Checking a connection out of SQLAlchemy's pool and back in (two greenlet hops, the
isolation level set and reset, the pool's events) cost a GET of one school about
140 us of its 480 us of CPU, measured in-process. A read request that ends well
hands its connection back here, and the next read request takes it as it is.

At most `keep` wait here, so the pool always has room for writers; a connection a
request failed on is closed, and the pool decides what becomes of it.
"""

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class KeptConnections:
    def __init__(self, engine: AsyncEngine, keep: int) -> None:
        self._engine = engine
        self._keep = keep
        self._idle: list[AsyncConnection] = []

    async def take(self) -> AsyncConnection:
        while self._idle:
            connection = self._idle.pop()
            if _usable(connection):
                return connection
            await connection.close()
        return await self._engine.connect()

    async def give_back(self, connection: AsyncConnection, *, failed: bool) -> None:
        if failed or len(self._idle) >= self._keep or not _usable(connection):
            await connection.close()
        else:
            self._idle.append(connection)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()

    @property
    def idle(self) -> int:
        return len(self._idle)


def _usable(connection: AsyncConnection) -> bool:
    sync = connection.sync_connection
    if sync is None or sync.closed or sync.invalidated or sync.in_transaction():
        return False
    driver = sync.connection.driver_connection
    return not getattr(driver, "is_closed", lambda: False)()
