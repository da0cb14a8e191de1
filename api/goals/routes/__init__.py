"""The goals area's routers, in the order their operations are documented."""

from fastapi import APIRouter

from api.goals.routes import (
    alignments,
    coverage,
    goals,
    measurement_import,
    measurements,
    rollover,
    summary,
)

TAG = "goals"
routers: list[APIRouter] = [
    goals.router,
    measurements.router,
    measurement_import.router,
    alignments.router,
    coverage.router,
    summary.router,
    rollover.router,
]
