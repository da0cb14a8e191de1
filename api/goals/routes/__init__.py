"""The goals area's routers, in the order their operations are documented."""

from fastapi import APIRouter

TAG = "goals"
routers: list[APIRouter] = []
