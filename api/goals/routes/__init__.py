"""The goals area's routers, in the order their operations are documented."""

from fastapi import APIRouter

from api.goals.routes import alignments, goals

TAG = "goals"
routers: list[APIRouter] = [goals.router, alignments.router]
routers: list[APIRouter] = []

from api.goals.routes import measurement_import, measurements  # noqa: E402

routers += [measurements.router, measurement_import.router]
