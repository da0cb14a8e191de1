"""Engine, session factory and the column types every table shares."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import JSON, ColumnElement, DateTime, MetaData, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, QueryableAttribute
from sqlalchemy.types import TypeDecorator

from api.core.kept_connections import KeptConnections

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# A column in a statement: a Core expression or an ORM attribute.
Column = ColumnElement[Any] | QueryableAttribute[Any]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC on every backend (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime  # cursors parse their values by it

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name == "postgresql":
            return None  # timestamptz arrives timezone-aware; nothing to do per row
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


JSONDocument = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Database:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    # For GET/HEAD/OPTIONS; None means `sessionmaker` (tests, SQLite).
    read_sessionmaker: async_sessionmaker[AsyncSession] | None = None
    # For Core reads that need no session at all; None means the session's connection.
    reads: KeptConnections | None = None
    # A standby that read requests read from; None means the primary.
    replica: AsyncEngine | None = None

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"


def _json_text(value: Any) -> str:
    # JSON columns are written with orjson: a bulk upsert writes thousands of event
    # documents, and the standard library's encoder was a tenth of its time.
    return orjson.dumps(value).decode()


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, json_serializer=_json_text)
        _configure_sqlite(engine)
        return engine
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=False,
        json_serializer=_json_text,
        # The areas' aggregates (coverage, impact, imports) cross PostgreSQL's JIT cost
        # thresholds, and compiling them takes longer than running them.
        connect_args={"server_settings": {"jit": "off"}},
    )
    _skip_closed_connections(engine)
    return engine


def _skip_closed_connections(engine: AsyncEngine) -> None:
    """A pooled connection the server closed while it sat idle (a restart, a failover,
    an administrator) is replaced at checkout instead of failing its request.

    asyncpg already knows such a connection is closed, so this costs no round trip,
    unlike `pool_pre_ping`, which pings before every request.
    """

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_closed():
            raise DisconnectionError("the server closed this connection while it was idle")


def create_database(engine: AsyncEngine, replica: AsyncEngine | None = None) -> Database:
    """The database, with read requests on `replica` when given (a PostgreSQL standby)."""
    if engine.dialect.name != "postgresql":
        return Database(engine, make_sessionmaker(engine))
    # Reads run without BEGIN/ROLLBACK, two round trips fewer per request. Under
    # READ COMMITTED every statement takes its own snapshot inside a transaction
    # too, so a read-only request sees exactly what it saw before.
    reader = replica if replica is not None else engine
    read_engine = reader.execution_options(isolation_level="AUTOCOMMIT")
    # Half the pool at most waits for readers; the rest, and the overflow, stays free.
    pool_size: int = getattr(reader.pool, "size", lambda: 0)()
    reads = KeptConnections(read_engine, keep=pool_size // 2)
    return Database(
        engine, make_sessionmaker(engine), make_sessionmaker(read_engine), reads, replica
    )


def make_sessionmaker(bind: Any, **kwargs: Any) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind, expire_on_commit=False, autoflush=False, **kwargs)


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy documents
    # taking BEGIN over so nested transactions (bulk rows, tests) behave.
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")
