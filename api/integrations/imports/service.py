"""Import jobs: made from an upload, read in scope, applied after a dry run, cancelled."""

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.errors import Conflict, Forbidden, NotFound, PayloadTooLarge, Unprocessable
from api.core.pagination import PageParams, PageResult, fetch_page, parse_sort
from api.core.scope import Scope
from api.directory.models import District
from api.integrations.imports.models import ImportJob, JobStatus
from api.integrations.imports.registry import KINDS

SORTABLE = {"created_at": ImportJob.created_at}
DEFAULT_SORT = "-created_at"
READ_FIELDS = (
    "id",
    "kind",
    "status",
    "dry_run",
    "allow_shrink",
    "overwrite_edited",
    "options",
    "district_id",
    "file_name",
    "file_size",
    "created_by",
    "created_at",
    "started_at",
    "finished_at",
    "rows_done",
    "rows_total",
    "counts",
    "error_count",
    "errors",
    "diff",
    "reason",
    "version",
)
COUNTS = ("created", "updated", "unchanged", "would_deactivate", "deactivated", "kept_edited")


@dataclass(frozen=True)
class Upload:
    file_name: str
    data: bytes


@dataclass(frozen=True)
class JobRequest:
    kind: str
    dry_run: bool
    allow_shrink: bool
    overwrite_edited: bool
    district_id: uuid.UUID | None
    options: dict[str, Any]
    # Where the caller sent the district and options: a form's fields, or a query string.
    given_in: Literal["body", "query"] = "body"


def _invalid(field: str, message: str, given_in: str = "body") -> Unprocessable:
    return Unprocessable(
        f"{field}: {message}.", errors=[{"loc": [given_in, field], "msg": message, "type": "value"}]
    )


def check_upload(upload: Upload, max_bytes: int) -> None:
    name = upload.file_name
    if any(mark in name for mark in ("/", "\\", "\x00")) or name.startswith(".."):
        raise _invalid("file", "the file name must be a plain name, without a path")
    if len(upload.data) > max_bytes:
        raise PayloadTooLarge(
            f"The file has {len(upload.data):,} bytes; imports take files of at most "
            f"{max_bytes:,} bytes."
        )
    if not upload.data:
        raise _invalid("file", "the file is empty")


async def _district(session: AsyncSession, scope: Scope, request: JobRequest) -> uuid.UUID | None:
    given = request.district_id
    if scope.everything:
        if given is not None and await session.get(District, given) is None:
            raise _invalid("district_id", f"no district with id {given}", request.given_in)
        return given
    if given is None:
        if len(scope.district_ids) != 1:
            raise _invalid("district_id", "name the district you import into", request.given_in)
        return next(iter(scope.district_ids))
    if given not in scope.district_ids:
        raise NotFound(f"No district with id {given} in your scope.")
    return given


def _options(kind: str, request: JobRequest) -> dict[str, Any]:
    try:
        checked = KINDS[kind].options.model_validate(request.options)
    except ValidationError as error:
        raise Unprocessable(
            f"Options the {kind} import does not take, or wrong: "
            + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()),
            errors=[
                {"loc": [request.given_in, *e["loc"]], "msg": e["msg"], "type": e["type"]}
                for e in error.errors()
            ],
        ) from None
    return checked.model_dump(mode="json", exclude_unset=True)


async def create_job(
    session: AsyncSession, scope: Scope, actor: str, request: JobRequest, upload: Upload
) -> ImportJob:
    """A queued job holding the file; nothing imported yet."""
    kind = KINDS.get(request.kind)
    if kind is None:
        raise _invalid("kind", f"one of {', '.join(sorted(KINDS))}")
    if kind.admin_only and not scope.everything:
        raise Forbidden(f"Only administrators import {kind.name} files.")
    job = ImportJob(
        kind=kind.name,
        status=JobStatus.queued.value,
        dry_run=request.dry_run,
        allow_shrink=request.allow_shrink,
        overwrite_edited=request.overwrite_edited,
        options=_options(kind.name, request),
        district_id=await _district(session, scope, request),
        file_name=upload.file_name,
        file_size=len(upload.data),
        file=upload.data,
        created_by=actor,
        counts={},
        errors=[],
        diff=[],
    )
    session.add(job)
    await session.flush()
    return job


def _in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    return ImportJob.district_id.in_(scope.district_ids)


def _columns() -> Select[Any]:
    return select(*(getattr(ImportJob, name) for name in READ_FIELDS))


async def get_job(session: AsyncSession, scope: Scope, job_id: uuid.UUID) -> ImportJob:
    job = await session.scalar(select(ImportJob).where(ImportJob.id == job_id, _in_scope(scope)))
    if job is None:
        raise NotFound(f"No import job with id {job_id}.")
    return job


async def job_file(session: AsyncSession, job: ImportJob) -> bytes:
    data = await session.scalar(select(ImportJob.file).where(ImportJob.id == job.id))
    return data or b""


async def list_jobs(session: AsyncSession, scope: Scope, params: PageParams) -> PageResult:
    keys = parse_sort(params.sort, SORTABLE, DEFAULT_SORT)
    return await fetch_page(session, _columns().where(_in_scope(scope)), params, keys, ImportJob.id)


def read_fields(row: Any) -> dict[str, Any]:
    """A job (or a row of its columns) as `ImportJobRead` shows it."""
    values = {
        name: getattr(row, name) if not isinstance(row, dict) else row[name] for name in READ_FIELDS
    }
    counts = values.pop("counts") or {}
    values["counts"] = {name: counts.get(name, 0) for name in (*COUNTS, "failed")}
    values["progress"] = {
        "rows_done": values.pop("rows_done"),
        "rows_total": values.pop("rows_total"),
    }
    return values


async def apply_job(session: AsyncSession, job: ImportJob) -> ImportJob:
    """Queue a dry run's job to run for real, with the same file and options."""
    if job.status != JobStatus.dry_run_ready.value:
        raise Conflict(
            f"Only a dry run whose diff is ready can be applied; this job is {job.status}."
        )
    job.dry_run = False
    job.status = JobStatus.queued.value
    job.started_at = job.finished_at = job.reason = None
    job.counts, job.errors, job.diff, job.error_count = {}, [], [], 0
    job.rows_done = 0
    await session.flush()
    return job


async def cancel_job(session: AsyncSession, job: ImportJob) -> ImportJob:
    if job.status != JobStatus.queued.value:
        raise Conflict(f"Only a queued job can be cancelled; this job is {job.status}.")
    job.status = JobStatus.cancelled.value
    job.finished_at = utcnow()
    await session.flush()
    return job
