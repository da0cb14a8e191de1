"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

TAG = "mentoring"
routers: list[APIRouter] = []

from api.mentoring.routes import reviews, survey_responses, surveys  # noqa: E402

routers += [surveys.router, survey_responses.router, reviews.router]
