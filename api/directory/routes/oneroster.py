"""OneRoster 1.2 out (zips come in through `POST /imports/oneroster`, an import job)."""

from fastapi import APIRouter, Request
from starlette.responses import StreamingResponse

from api.auth.deps import CallerScope
from api.core.transactions import TransactionalRoute, database
from api.directory.oneroster.exporter import oneroster_zip

router = APIRouter(route_class=TransactionalRoute)


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
