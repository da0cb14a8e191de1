"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

from api.mentoring.routes import impact

TAG = "mentoring"
routers: list[APIRouter] = []
routers.append(impact.router)
