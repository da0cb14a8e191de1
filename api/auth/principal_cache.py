"""Callers recently loaded, so a request need not query the database for them.

Correctness rests on forgetting at the right moments, not on a short lifetime:
- a commit in this process that changed a user, an API client or a refresh token
  clears every cache here before the response is sent;
- a change committed anywhere else (another API process, the CLI, psql) reaches
  this process through PostgreSQL NOTIFY, sent by triggers on those tables
  (see `revocations.py`);
- while that channel is not listening, the cache is off and every request queries.
A load that overlaps a change is not kept (the generation check in `put`).
"""

import time
import uuid
import weakref
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from api.auth.models import ApiClient, RefreshToken, User
from api.auth.principals import Principal

Key = tuple[str, uuid.UUID, uuid.UUID | None]
CALLER_TABLES = (User, ApiClient, RefreshToken)
_CHANGED = "trellis.callers_changed"
_MAX_ENTRIES = 10_000


class PrincipalCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.listening = False
        self.generation = 0
        self._entries: dict[Key, tuple[Principal, float]] = {}
        _every_cache.add(self)

    @property
    def enabled(self) -> bool:
        return self.listening and self.seconds > 0

    def get(self, key: Key) -> Principal | None:
        if not self.enabled:
            return None
        found = self._entries.get(key)
        if found is None:
            return None
        principal, expires = found
        if time.monotonic() >= expires:
            del self._entries[key]
            return None
        return principal

    def put(self, key: Key, principal: Principal, generation: int) -> None:
        """Keep a principal loaded while `generation` was current, unless something
        was forgotten since: the load may have read the row before that change."""
        if not self.enabled or generation != self.generation:
            return
        if len(self._entries) >= _MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (principal, time.monotonic() + self.seconds)

    def forget(self, ids: Iterable[uuid.UUID]) -> None:
        """Drop the callers that are, or signed in as, any of these ids."""
        gone = set(ids)
        self.generation += 1
        for key in [k for k in self._entries if k[1] in gone or k[2] in gone]:
            del self._entries[key]

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()

    def start_listening(self) -> None:
        self.clear()  # whatever was missed while deaf is forgotten
        self.listening = True

    def stop_listening(self) -> None:
        self.listening = False
        self.clear()

    def __len__(self) -> int:
        return len(self._entries)


_every_cache: "weakref.WeakSet[PrincipalCache]" = weakref.WeakSet()


@event.listens_for(Session, "before_flush")
def _note_changed_callers(session: Session, _context: Any, _instances: Any) -> None:
    if any(isinstance(obj, CALLER_TABLES) for obj in chain(session.dirty, session.deleted)):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper and issubclass(mapper.class_, CALLER_TABLES):
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _forget_changed_callers(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        for cache in list(_every_cache):
            cache.clear()
