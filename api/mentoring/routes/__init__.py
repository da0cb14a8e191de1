"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

TAG = "mentoring"
routers: list[APIRouter] = []

from api.mentoring.routes import caseloads, suggestions  # noqa: E402

routers += [suggestions.router, caseloads.router]
