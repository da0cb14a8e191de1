import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.auth.deps import WriteScope
from api.core.responses import FastJSONResponse
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.schemas.suggestions import MatchSuggestions
from api.mentoring.service import suggestions as service
from api.mentoring.vocabulary import SameSchool

router = APIRouter(prefix="/mentoring/programs", route_class=TransactionalRoute)


@router.get(
    "/{program_id:uuid}/match-suggestions",
    response_model=MatchSuggestions,
    responses={
        403: {"description": "You take part in the programme but do not run it."},
        409: {
            "description": "The programme has more mentors x mentees than can be weighed at once."
        },
    },
)
async def get_match_suggestions(
    session: Session,
    scope: WriteScope,
    program_id: uuid.UUID,
    same_school: Annotated[
        SameSchool,
        Query(description="`avoid`: never pair two people who work at the same school."),
    ] = SameSchool.allow,
    limit: Annotated[
        int, Query(ge=1, le=5000, description="Most pairs, and most unmatched mentees, listed.")
    ] = 500,
) -> Response:
    """The best assignment of the programme's unmatched mentees to its mentors' places.

    Mentees still enrolled with no proposed or active match are assigned to mentors
    still enrolled, never beyond a mentor's places left (capacity, or the programme's
    target caseload, less open matches). The assignment matches as many mentees as
    possible, then maximises the total fit score (shared subjects, school level,
    locale type, more years of experience, shared interests and grade levels); a
    mentee's own supervisor is never suggested. Each pair carries its reasons and,
    in `accept`, the body to POST to `/mentoring/matches` to make it a proposed match.
    Nothing is written.
    """
    body = await service.match_suggestions(
        session, scope, program_id, same_school, limit, dt.date.today()
    )
    return FastJSONResponse(body)
