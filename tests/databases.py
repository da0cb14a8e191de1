"""Test databases: one migrated template per backend, copied or rolled back per test."""

import os
import shutil
import socket
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from api.migrate import upgrade

LOCAL_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    return os.environ.get("TRELLIS_TEST_POSTGRES_URL", LOCAL_POSTGRES)


def postgres_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or bool(
        os.environ.get("TRELLIS_REQUIRE_POSTGRES")
    )


def postgres_reachable() -> bool:
    parts = urlsplit(postgres_admin_url())
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 5432), timeout=1
        ):
            return True
    except OSError:
        return False


def backends() -> list[str]:
    if postgres_reachable():
        return ["sqlite", "postgresql"]
    if postgres_required():
        raise RuntimeError(f"PostgreSQL is required here but {postgres_admin_url()} is unreachable")
    return ["sqlite"]


def _libpq_url(async_url: str, database: str | None = None) -> str:
    parts = urlsplit(async_url.replace("+asyncpg", "").replace("+psycopg", ""))
    path = "/" + database if database else parts.path
    return parts._replace(path=path).geturl()


def _async_url(database: str) -> str:
    parts = urlsplit(postgres_admin_url())
    return parts._replace(path="/" + database).geturl()


def _admin(sql: str) -> None:
    with psycopg.connect(_libpq_url(postgres_admin_url()), autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


class Templates:
    """Migrate once per backend; hand out copies for tests that commit for real.

    Nothing connects to a template after its migration, so PostgreSQL can copy it
    at any time (CREATE DATABASE ... TEMPLATE refuses a template in use).
    """

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.prefix = f"trellis_test_{os.getpid()}"
        self.created: list[str] = []
        self._sqlite_template: Path | None = None
        self._postgres_template: str | None = None
        self._shared: dict[str, str] = {}

    def shared_url(self, backend: str) -> str:
        """One copy per backend for the tests that roll back instead of committing."""
        if backend not in self._shared:
            self._shared[backend] = self.fresh_url(backend)
        return self._shared[backend]

    def template_url(self, backend: str) -> str:
        if backend == "sqlite":
            if self._sqlite_template is None:
                self._sqlite_template = self.workdir / "template.db"
                upgrade(f"sqlite+aiosqlite:///{self._sqlite_template}")
            return f"sqlite+aiosqlite:///{self._sqlite_template}"
        if self._postgres_template is None:
            name = f"{self.prefix}_template"
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _admin(f'CREATE DATABASE "{name}"')
            self.created.append(name)
            upgrade(_async_url(name))
            self._postgres_template = name
        return _async_url(self._postgres_template)

    def fresh_url(self, backend: str) -> str:
        self.template_url(backend)
        suffix = uuid.uuid4().hex[:8]
        if backend == "sqlite":
            assert self._sqlite_template is not None
            copy = self.workdir / f"db_{suffix}.db"
            shutil.copyfile(self._sqlite_template, copy)
            return f"sqlite+aiosqlite:///{copy}"
        assert self._postgres_template is not None
        name = f"{self.prefix}_{suffix}"
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._postgres_template}"')
        self.created.append(name)
        return _async_url(name)

    def drop_all(self) -> None:
        for name in reversed(self.created):
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
