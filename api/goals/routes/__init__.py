"""The goals area's routers, in the order their operations are documented."""

from fastapi import APIRouter

TAG = "goals"
routers: list[APIRouter] = []

from api.goals.routes import measurement_import, measurements  # noqa: E402

routers += [measurements.router, measurement_import.router]
