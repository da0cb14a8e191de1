import datetime as dt
import uuid

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.etag import composite_etag, not_modified
from api.core.http import record_response
from api.core.openapi import IF_NONE_MATCH
from api.core.transactions import Session, TransactionalRoute
from api.goals.routes.school_year import SchoolYearQuery, school_year_or_current
from api.goals.schemas.summary import SchoolSummary
from api.goals.service import summary as service
from api.goals.summary_page import render_summary

router = APIRouter(prefix="/schools", route_class=TransactionalRoute)
HTML = "text/html; charset=utf-8"


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def html_response(request: Request, summary: dict[str, object], version: int) -> Response:
    """The printable page, tagged by its own bytes (a representation of its own)."""
    page = render_summary(summary).encode()
    etag = composite_etag(version, page)
    if not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(page, headers={"ETag": etag, "Content-Type": HTML})


@router.get(
    "/{school_id:uuid}/summary",
    response_model=SchoolSummary,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
    openapi_extra=IF_NONE_MATCH,
)
async def get_school_summary(
    request: Request,
    session: Session,
    scope: CallerScope,
    school_id: uuid.UUID,
    school_year: SchoolYearQuery = None,
) -> Response:
    """The school's year on a page: profile, key contacts and how recently each was
    verified, the goals with their progress and what the school asks of partners, the
    partners aligned to each goal, and the gaps.

    With `Accept: text/html`, a printable page (two A4 or Letter pages for 8 goals and
    10 partners). Anyone who can read the school can read its summary.
    """
    today = dt.date.today()
    year = school_year_or_current(school_year, today)
    summary = await service.school_summary(session, scope, school_id, year, today)
    if wants_html(request):
        return html_response(request, summary, int(summary["version"]))
    return record_response(request, summary, composite=True)
