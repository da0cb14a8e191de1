"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

from api.mentoring.routes import match_history

TAG = "mentoring"
routers: list[APIRouter] = []
routers.append(match_history.router)
