"""The kinds of import a job runs, by name. Each wraps an area's own importer.

A kind is its options (validated when the job is made, so a job never fails on them)
and a coroutine running the importer in the caller's transaction. New kinds register
themselves in `api.integrations.imports.registry`, one line each.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.import_report import ImportReport
from api.core.scope import Scope

Progress = Callable[[int, int], None]
"""Told (rows done, rows in all) as an import goes."""


class KindOptions(BaseModel):
    """A kind's own options; unknown ones are refused."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class RunContext:
    session: AsyncSession
    scope: Scope
    data: bytes
    file_name: str
    options: dict[str, Any]
    progress: Progress
    # The district the job imports into (None: an administrator's import of anything).
    district_id: uuid.UUID | None


Runner = Callable[[RunContext], Awaitable[ImportReport]]


@dataclass(frozen=True)
class ImportKind:
    name: str
    description: str
    options: type[KindOptions]
    run: Runner
    # An archive of CSV files (a zip), else one CSV file.
    archive: bool = False
    # Only administrators may run it (it writes outside any one district).
    admin_only: bool = False


KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    KINDS[kind.name] = kind
