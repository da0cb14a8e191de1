"""The mentoring area's routers, in the order their operations are documented."""

from fastapi import APIRouter

TAG = "mentoring"
routers: list[APIRouter] = []
