"""`POST /imports/oneroster`: a OneRoster zip imported as a job run in the request,
answered with the counts by kind of record its first clients read."""

import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from api.core.errors import Conflict, Forbidden, Problem, Unprocessable
from api.core.responses import FastJSONResponse
from api.core.scope import Scope
from api.core.transactions import Session, TransactionalRoute, request_owner
from api.directory.oneroster.report import ImportSummary
from api.directory.schemas import StateCode
from api.integrations.imports import service
from api.integrations.imports.execution import JobRun, run_job
from api.integrations.imports.models import ImportJob, JobStatus
from api.integrations.imports.routes import ImporterScope

router = APIRouter(route_class=TransactionalRoute)

RAW_FILE_NAME = "oneroster.zip"
ZIP_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The OneRoster CSV zip: as the body itself, or as the `file` field of a "
        "form.",
        "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "Content-Location": {
                "description": "The import job that ran it: `/api/v1/imports/{id}`.",
                "schema": {"type": "string"},
            }
        }
    },
    409: {
        "description": "The shrink guard refused the import (more than 20 % of a district's "
        "records would be deactivated; send allow_shrink=true), or the database refused it. "
        "Nothing was written to the directory."
    },
    413: {"description": "The file is larger than the server takes."},
}


def _plain_name(name: str | None) -> str:
    """A form's file name without the folders some clients send with it."""
    plain = re.split(r"[\\/]", name or "")[-1]
    return plain if plain and not plain.startswith("..") else RAW_FILE_NAME


async def _zip_upload(request: Request) -> service.Upload:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "multipart/form-data":
        return service.Upload(RAW_FILE_NAME, await request.body())
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise Unprocessable(
                "Send the zip as the form's file field.",
                errors=[{"loc": ["body", "file"], "msg": "field required", "type": "missing"}],
            )
        return service.Upload(_plain_name(upload.filename), await upload.read())


def _check_district(scope: Scope, district_id: uuid.UUID | None) -> None:
    if district_id is not None and not scope.everything and district_id not in scope.district_ids:
        raise Forbidden("You can import only into a district you manage.")


def _summary(job: ImportJob, run: JobRun) -> ImportSummary:
    """The importer's counts by kind of record, less the records put back whole as
    edited, and the job's own counts beside them."""
    details = run.outcome.details if run.outcome is not None else None
    if isinstance(details, ImportSummary):
        summary = details.model_copy(deep=True)
    else:
        summary = ImportSummary(oneroster_version="", modes={})
    for name, counts in summary.stages().items():
        counts.updated = max(counts.updated - run.kept_whole.get(name, 0), 0)
    summary.job_id, summary.status = job.id, job.status
    summary.deactivated = job.counts.get("would_deactivate" if job.dry_run else "deactivated", 0)
    summary.kept_edited = job.counts.get("kept_edited", 0)
    return summary


def _refusal(job: ImportJob, run: JobRun) -> Problem | None:
    if job.status == JobStatus.refused.value:
        return Conflict(job.reason)
    if job.status == JobStatus.failed.value:
        return run.problem or Conflict(job.reason)
    return None


@router.post(
    "/imports/oneroster", response_model=ImportSummary, responses=RESPONSES, openapi_extra=ZIP_BODY
)
async def import_oneroster_zip(
    request: Request,
    session: Session,
    scope: ImporterScope,
    district_id: Annotated[
        uuid.UUID | None,
        Query(
            description="The district to import into: its one district org is this district, "
            "and schools with no district above them go here. A district manager's own "
            "district when omitted; required when they manage several."
        ),
    ] = None,
    state: Annotated[
        StateCode | None,
        Query(description="The state of districts the file adds (OneRoster carries none)."),
    ] = None,
    dry_run: Annotated[
        bool, Query(description="Work out the counts and the job's diff; write nothing.")
    ] = False,
    allow_shrink: Annotated[
        bool,
        Query(
            description="Import even when it deactivates more than 20 % of a district's records."
        ),
    ] = False,
    overwrite_edited: Annotated[
        bool,
        Query(description="Overwrite fields edited in Trellis since an import last wrote them."),
    ] = False,
) -> Response:
    """Import a OneRoster 1.1 or 1.2 CSV zip, bulk or delta (administrators anywhere,
    district managers into their district), as the import job `POST /imports` makes for
    kind `oneroster`, run at once: 200 with the counts, `Content-Location` naming the job
    (listed by `GET /imports`).

    Reads `manifest.csv`, `orgs.csv`, `users.csv` and (1.2) `roles.csv`; other files and
    unknown columns are ignored. District and school orgs become districts and schools
    (a school `identifier` of 12 digits is its NCES id, else its state school id); staff
    users become people (`sourcedId` as `sis_id`) with a role assignment per role.
    Students, guardians, parents and relatives are counted, never stored. A role Trellis
    has no word for is kept as role `other` with title `ext:<role>`. Records are matched
    by `sourcedId`, so a re-import changes nothing; a row older than the stored
    `dateLastModified` is skipped; `tobedeleted` closes a school, makes a person inactive
    and ends a role today. A bulk file is the whole of its kind for its districts: a
    school, person or role an earlier OneRoster import brought in that the file leaves
    out is closed, made inactive or ended today (`deactivated` counts them); a delta file
    leaves the rest as it is.

    An import that would deactivate more than 20 % of a district's schools, people and
    role assignments (left out or `tobedeleted` alike) is refused with 409 naming the
    numbers, nothing written, unless `allow_shrink=true`. Fields edited in Trellis since an import last wrote them keep
    their edits (`kept_edited`) unless `overwrite_edited=true`. `dry_run=true` answers
    the same counts and writes nothing to the directory; `POST /imports/{id}/apply` then
    runs the job for real. One wrong row refuses the whole import (422, every wrong line
    listed). The zip is refused when it unpacks too large or too well (a zip bomb) or
    names a path. Refused, the request records no job either.
    """
    _check_district(scope, district_id)
    upload = await _zip_upload(request)
    service.check_upload(upload, request.app.state.settings.import_max_file_bytes)
    options = {"state": state} if state is not None else {}
    job_request = service.JobRequest(
        "oneroster", dry_run, allow_shrink, overwrite_edited, district_id, options, "query"
    )
    job = await service.create_job(session, scope, request_owner(request), job_request, upload)
    run = await run_job(session, job, upload.data)
    refusal = _refusal(job, run)
    if refusal is not None:
        # Refused input changes nothing: the job's row goes with the rest.
        raise refusal
    location = request.url_for("get_import", job_id=job.id).path
    return FastJSONResponse(
        _summary(job, run).model_dump(mode="json"), headers={"Content-Location": location}
    )
