"""An import job made and run in this process, for `trellis import ...`: the job
`POST /imports` would make, recorded as its jobs are (so `GET /imports` lists it), run
at once whatever the file's size, and committed with what it wrote."""

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TaskID
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role, scope_for
from api.core.errors import NotFound, Problem
from api.core.import_console import (
    EXIT_REFUSED,
    consoles,
    print_refusal,
    progress_bar,
    read_upload,
    run_committed,
)
from api.core.scope import EVERYTHING, Scope
from api.directory.models import District
from api.integrations.imports import service
from api.integrations.imports.console import job_exit_code, print_job
from api.integrations.imports.execution import Tracker, run_job

ACTOR = "cli"
# A file on this machine is read whole whatever its size; the upload limit guards the
# server from its callers.
NO_SIZE_LIMIT = 2**63


@dataclass
class _BarTracker(Tracker):
    """The job's rows done, also shown on a progress bar."""

    bar: Progress | None = None
    task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        super().__call__(done, total)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=done, total=total)


async def _scope(session: AsyncSession, district_id: uuid.UUID | None) -> Scope:
    """An administrator's scope, or that district's manager's."""
    if district_id is None:
        return EVERYTHING
    if await session.get(District, district_id) is None:
        raise NotFound(f"No district with id {district_id}.")
    return scope_for(Role.district_manager, [district_id])


async def _run(
    database_url: str, request: service.JobRequest, upload: service.Upload, err: Console
) -> dict[str, Any]:
    with progress_bar(err, MofNCompleteColumn()) as bar:
        tracker = _BarTracker(bar=bar, task=bar.add_task(upload.file_name, total=None))

        async def work(session: AsyncSession) -> dict[str, Any]:
            scope = await _scope(session, request.district_id)
            job = await service.create_job(session, scope, ACTOR, request, upload)
            await run_job(session, job, upload.data, tracker)
            return service.read_fields(job)

        return await run_committed(database_url, ACTOR, work)


def run_job_cli(database_url: str, path: Path, request: service.JobRequest) -> int:
    """Import the file as a job and print its outcome; the exit code says how it went."""
    out, err = consoles()
    data = read_upload(path, err)
    if data is None:
        return EXIT_REFUSED
    upload = service.Upload(path.name, data)
    try:
        service.check_upload(upload, NO_SIZE_LIMIT)
        job = asyncio.run(_run(database_url, request, upload, err))
    except Problem as problem:
        print_refusal(err, path.name, problem)
        return EXIT_REFUSED
    print_job(out, err, job)
    return job_exit_code(job)
