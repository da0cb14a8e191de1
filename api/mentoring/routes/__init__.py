"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

from api.mentoring.routes import impact

TAG = "mentoring"
routers: list[APIRouter] = []

from api.mentoring.routes import check_ins, matches, participants, program_schools, programs  # noqa: E402

routers += [
    programs.router,
    program_schools.router,
    participants.router,
    matches.router,
    check_ins.router,
]
from api.mentoring.routes import reviews, survey_responses, surveys  # noqa: E402

routers += [surveys.router, survey_responses.router, reviews.router]
from api.mentoring.routes import caseloads, suggestions  # noqa: E402

routers += [suggestions.router, caseloads.router]
routers.append(impact.router)
