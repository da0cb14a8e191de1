"""OneRoster 1.1 and 1.2 CSV zips in, OneRoster 1.2 out."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import UploadFile
from starlette.responses import StreamingResponse

from api.auth.deps import CallerScope, CurrentPrincipal
from api.auth.roles import Role
from api.core.errors import Forbidden, Unprocessable
from api.core.openapi import answers
from api.core.scope import Scope
from api.core.transactions import Session, TransactionalRoute, database
from api.directory.oneroster.exporter import oneroster_zip
from api.directory.oneroster.importer import Target, import_oneroster
from api.directory.oneroster.report import ImportSummary
from api.directory.routes.params import RESPONSES_WRITE
from api.directory.schemas import StateCode

router = APIRouter(route_class=TransactionalRoute)

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


@answers(403)
async def roster_importer(principal: CurrentPrincipal) -> Scope:
    if principal.role not in (Role.admin, Role.district_manager):
        raise Forbidden("Only administrators and district managers import rosters.")
    return principal.scope


ImporterScope = Annotated[Scope, Depends(roster_importer)]


async def _zip_body(request: Request) -> bytes:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "multipart/form-data":
        return await request.body()
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise Unprocessable(
                "Send the zip as the form's file field.",
                errors=[{"loc": ["body", "file"], "msg": "field required", "type": "missing"}],
            )
        return await upload.read()


@router.post(
    "/imports/oneroster",
    response_model=ImportSummary,
    responses=RESPONSES_WRITE,
    openapi_extra=ZIP_BODY,
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
) -> ImportSummary:
    """Import a OneRoster 1.1 or 1.2 CSV zip, bulk or delta (administrators anywhere,
    district managers into their district).

    Reads `manifest.csv`, `orgs.csv`, `users.csv` and (1.2) `roles.csv`; other files and
    unknown columns are ignored. District and school orgs become districts and schools
    (a school `identifier` of 12 digits is its NCES id, else its state school id); staff
    users become people (`sourcedId` as `sis_id`) with a role assignment per role.
    Students, guardians, parents and relatives are counted, never stored. A role Trellis
    has no word for is kept as role `other` with title `ext:<role>`. Records are matched
    by `sourcedId`, so a re-import changes nothing; a row older than the stored
    `dateLastModified` is skipped; `tobedeleted` closes a school, makes a person inactive
    and ends a role today. One wrong row refuses the whole import (422, every wrong
    line listed). The zip is refused when it unpacks too large or too well (a zip bomb)
    or names a path.
    """
    data = await _zip_body(request)
    return await import_oneroster(session, scope, data, Target(district_id, state))


@router.get(
    "/exports/oneroster.zip",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "OneRoster 1.2 CSV zip."}},
)
async def export_oneroster_zip(request: Request, scope: CallerScope) -> StreamingResponse:
    """The directory in your scope as a OneRoster 1.2 CSV zip (manifest, orgs, users,
    roles), streamed: districts and schools as orgs, people holding a role at one as
    users, their roles as roles. Each record keeps the `sourcedId` it was imported with,
    else its id; a closed school is `tobedeleted`."""
    return StreamingResponse(
        oneroster_zip(database(request).sessionmaker, scope),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="oneroster.zip"'},
    )
