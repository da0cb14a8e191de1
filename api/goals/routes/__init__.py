"""The goals area's routers, in the order their operations are documented."""

from fastapi import APIRouter

TAG = "goals"
routers: list[APIRouter] = []

from api.goals.routes import coverage, rollover, summary  # noqa: E402

routers += [coverage.router, summary.router, rollover.router]
