"""Requests that share a key wait their turn in memory, holding no database connection.

Retries of one `Idempotency-Key` sent together (a client's timeout and its retry, or a
burst from a queue) would otherwise each take a pooled connection just to wait on the
database lock the first one holds, and a burst larger than the pool would time out.
"""

import asyncio
from collections.abc import Hashable


class InFlight:
    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    async def acquire(self, key: Hashable) -> None:
        lock, waiting = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, waiting + 1)
        try:
            await lock.acquire()
        except BaseException:
            self._forget(key)
            raise

    def busy(self, key: Hashable) -> bool:
        return key in self._locks

    def release(self, key: Hashable) -> None:
        lock, _ = self._locks[key]
        lock.release()
        self._forget(key)

    def _forget(self, key: Hashable) -> None:
        lock, waiting = self._locks[key]
        if waiting == 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, waiting - 1)

    def __len__(self) -> int:
        return len(self._locks)
