"""Which database errors mean "another transaction got there first": the request is played
again on a fresh transaction, and if it keeps colliding the caller is told to retry (409).

On PostgreSQL a deadlock (40P01) or a serialization failure (40001) aborts one of the
transactions involved, and two writers creating the same natural key at once leave the
later one with a unique violation (23505) although a fresh read would show it the other's
record. Played again, such a request sees what the other committed and answers as if it
had come second.
"""

from sqlalchemy.exc import DBAPIError

LOCK_COLLISIONS = frozenset({"40001", "40P01"})
RETRIED = LOCK_COLLISIONS | {"23505"}


def _sqlstate(error: BaseException) -> object:
    return getattr(error.orig, "sqlstate", None) if isinstance(error, DBAPIError) else None


def worth_another_try(error: BaseException) -> bool:
    return _sqlstate(error) in RETRIED


def is_lock_collision(error: BaseException) -> bool:
    return _sqlstate(error) in LOCK_COLLISIONS
