"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

from api.mentoring.routes import (
    caseloads,
    check_ins,
    impact,
    match_history,
    matches,
    participants,
    program_schools,
    programs,
    reviews,
    suggestions,
    survey_responses,
    surveys,
)

TAG = "mentoring"
routers: list[APIRouter] = [
    programs.router,
    program_schools.router,
    participants.router,
    matches.router,
    match_history.router,
    suggestions.router,
    check_ins.router,
    caseloads.router,
    surveys.router,
    survey_responses.router,
    reviews.router,
    impact.router,
]
