"""A benchmark's own database, made afresh for each run: a SQLite file or a PostgreSQL
database dropped and created again through an admin URL, then migrated."""

import argparse
import os
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from api.migrate import upgrade

DEFAULT_POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def add_postgres_url(parser: argparse.ArgumentParser, database: str) -> None:
    """`--postgres-url`: the admin URL under which the bench remakes `database`."""
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TRELLIS_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_ADMIN),
        help=f"an admin URL; the bench drops and creates the database {database} there",
    )


def empty_sqlite(path: Path) -> str:
    """Remove the SQLite file at `path` (and its WAL files); return its async URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{path}"


def empty_postgres(postgres_admin: str, database: str) -> str:
    """Drop and create `database` on the admin URL's server; return its async URL."""
    parts = urlsplit(postgres_admin)
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    return parts._replace(scheme="postgresql+asyncpg", path=f"/{database}").geturl()


def fresh_postgres(postgres_admin: str, database: str) -> str:
    """Drop and create a bench's own PostgreSQL database (migrated); return its async URL."""
    url = empty_postgres(postgres_admin, database)
    upgrade(url)
    return url


def fresh_database(backend: str, postgres_admin: str, database: str, sqlite_path: Path) -> str:
    """Drop and create a bench's own database (migrated); return its async URL."""
    if backend != "sqlite":
        return fresh_postgres(postgres_admin, database)
    url = empty_sqlite(sqlite_path)
    upgrade(url)
    return url
