"""Which database errors mean "the database cannot answer now, retry shortly" (503),
whether the statement went through SQLAlchemy or straight to asyncpg.

SQLAlchemy wraps asyncpg's errors: a lost connection as an `InterfaceError` or with
`connection_invalidated`, but a refusal such as "the database system is starting
up" (SQLSTATE 57P03) as a bare `DBAPIError`, so the SQLSTATE decides too. Reads run
on asyncpg directly raise asyncpg's own classes, judged by the same rules.
"""

from asyncpg import exceptions as asyncpg_errors
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# Class 08: connection exceptions. 57P01-57P03: shut down by an administrator,
# crashed, starting up or shutting down. 53300: too many connections.
OUTAGE_SQLSTATE_CLASSES = ("08",)
OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def is_outage_sqlstate(sqlstate: object) -> bool:
    return isinstance(sqlstate, str) and (
        sqlstate in OUTAGE_SQLSTATES or sqlstate.startswith(OUTAGE_SQLSTATE_CLASSES)
    )


def is_driver_outage(error: BaseException) -> bool:
    """An asyncpg error (or a socket error) raised because the database is out of reach."""
    if isinstance(error, ConnectionError | asyncpg_errors.InterfaceError):
        # SQLAlchemy reports asyncpg's InterfaceError as its own InterfaceError, a 503.
        return True
    if isinstance(error, asyncpg_errors.PostgresError):
        return is_outage_sqlstate(getattr(error, "sqlstate", None))
    return False


def is_database_outage(error: BaseException) -> bool:
    if isinstance(error, DBAPIError):
        if error.connection_invalidated or isinstance(error, OperationalError | InterfaceError):
            return True
        original = error.orig
        return is_outage_sqlstate(getattr(original, "sqlstate", None)) or (
            original is not None
            and original.__cause__ is not None
            and is_driver_outage(original.__cause__)
        )
    return is_driver_outage(error)
