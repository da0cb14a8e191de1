"""`/imports`: upload a file as a job, follow it, fetch its refused lines, apply a dry run."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from api.auth.deps import CurrentPrincipal
from api.auth.roles import Role
from api.core.errors import Forbidden
from api.core.http import record_response
from api.core.openapi import IF_NONE_MATCH, answers
from api.core.pagination import Page, PageParams, page_body, page_headers, page_params_sorted_by
from api.core.responses import FastJSONResponse
from api.core.scope import Scope
from api.core.transactions import Session, TransactionalRoute
from api.integrations.imports import service
from api.integrations.imports.execution import run_job
from api.integrations.imports.failed_rows import failed_rows
from api.integrations.imports.form import form_body, read_form
from api.integrations.imports.models import ImportJob
from api.integrations.imports.registry import KINDS
from api.integrations.imports.schemas import ImportJobRead

router = APIRouter(prefix="/imports", route_class=TransactionalRoute, tags=["imports"])
RESPONSES_JOB: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such job, or a district outside your scope."},
    409: {"description": "The job is not in a state that allows this."},
}
RESPONSES_CREATE: dict[int | str, dict[str, Any]] = {
    404: {"description": "The district is outside your scope."},
    413: {"description": "The file is larger than the server takes."},
    422: {"description": "Wrong kind or options, an empty file or a path in its name."},
}
FORM_BODY = form_body()
JobPage = Annotated[PageParams, Depends(page_params_sorted_by(service.SORTABLE))]
KIND_LIST = ", ".join(f"`{name}`: {kind.description}" for name, kind in sorted(KINDS.items()))


@answers(403)
async def importer_scope(principal: CurrentPrincipal) -> Scope:
    if principal.role not in (Role.admin, Role.district_manager):
        raise Forbidden("Only administrators and district managers import files.")
    return principal.scope


ImporterScope = Annotated[Scope, Depends(importer_scope)]


async def _started(request: Request, session: Session, job: ImportJob, data: bytes) -> Response:
    """Run a small file's job now; a large one waits for `trellis worker`."""
    if job.file_size <= request.app.state.settings.import_inline_max_bytes:
        await run_job(session, job, data)
    location = str(request.url_for("get_import", job_id=job.id))
    return record_response(
        request, service.read_fields(job), status_code=202, location=location, composite=True
    )


@router.post(
    "",
    status_code=202,
    response_model=ImportJobRead,
    responses=RESPONSES_CREATE,
    openapi_extra=FORM_BODY,
)
async def create_import(request: Request, session: Session, scope: ImporterScope) -> Response:
    """Import a file as a job: 202 with the job, `Location` naming it.

    A file up to the inline size runs in the request, so the answer already holds its
    outcome; a larger one is `queued` for `trellis worker`: follow it with `GET
    /imports/{id}`. `dry_run=true` works out everything (counts, the diff, refused
    lines) and rolls it back: `POST /imports/{id}/apply` then runs it for real. An import
    that would deactivate more than 20 % of a district's schools, people and role
    assignments is `refused` unless `allow_shrink=true`. Fields edited in Trellis since
    an import last wrote them keep their edits (`kept_edited`, naming the fields) while
    the record's other fields are updated, unless `overwrite_edited=true`. A malformed
    file, a zip bomb or wrong lines fail the job with the reason and every line; nothing
    is then written.
    """
    form, upload = await read_form(request)
    service.check_upload(upload, request.app.state.settings.import_max_file_bytes)
    job_request = service.JobRequest(
        form.kind,
        form.dry_run,
        form.allow_shrink,
        form.overwrite_edited,
        form.district_id,
        form.options(),
    )
    actor = str(getattr(request.state, "actor", "anonymous"))
    job = await service.create_job(session, scope, actor, job_request, upload)
    return await _started(request, session, job, upload.data)


@router.get("", response_model=Page[ImportJobRead])
async def list_imports(
    request: Request, session: Session, scope: ImporterScope, page: JobPage
) -> Response:
    """Import jobs in your scope, newest first: a district manager's district's, an
    administrator's all."""
    result = await service.list_jobs(session, scope, page)
    items = [service.read_fields(row) for row in result.rows]
    return FastJSONResponse(page_body(items, result), headers=page_headers(request, result))


@router.get(
    "/{job_id:uuid}",
    response_model=ImportJobRead,
    responses=RESPONSES_JOB,
    openapi_extra=IF_NONE_MATCH,
)
async def get_import(
    request: Request, session: Session, scope: ImporterScope, job_id: uuid.UUID
) -> Response:
    """A job: status, progress, counts, refused lines and the diff."""
    job = await service.get_job(session, scope, job_id)
    return record_response(request, service.read_fields(job), composite=True)


@router.get(
    "/{job_id:uuid}/failed-rows",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The refused lines."},
        **RESPONSES_JOB,
    },
)
async def get_import_failed_rows(
    session: Session, scope: ImporterScope, job_id: uuid.UUID
) -> Response:
    """The lines the job refused, as uploaded, with an `error` column (for a zip: each
    line's file, line number, error and the line itself). The first 1,000 refused lines."""
    job = await service.get_job(session, scope, job_id)
    body = failed_rows(await service.job_file(session, job), job.errors, KINDS[job.kind].archive)
    return Response(
        body,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="import-{job.id}-failed.csv"'},
    )


@router.post(
    "/{job_id:uuid}/apply", status_code=202, response_model=ImportJobRead, responses=RESPONSES_JOB
)
async def apply_import(
    request: Request, session: Session, scope: ImporterScope, job_id: uuid.UUID
) -> Response:
    """Run a dry run's job for real, with the same file and options (409 unless its diff
    is ready); as `POST /imports`, in the request or queued for the worker."""
    job = await service.apply_job(session, await service.get_job(session, scope, job_id))
    return await _started(request, session, job, await service.job_file(session, job))


@router.post("/{job_id:uuid}/cancel", response_model=ImportJobRead, responses=RESPONSES_JOB)
async def cancel_import(
    request: Request, session: Session, scope: ImporterScope, job_id: uuid.UUID
) -> Response:
    """Cancel a queued job (409 once it has started)."""
    job = await service.cancel_job(session, await service.get_job(session, scope, job_id))
    return record_response(request, service.read_fields(job), composite=True)
