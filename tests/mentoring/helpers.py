"""Requests and records the mentoring API tests share."""

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.partners.helpers import created as created

V1 = "/api/v1/mentoring"
PROGRAMS, PARTICIPANTS, MATCHES = f"{V1}/programs", f"{V1}/participants", f"{V1}/matches"
TODAY = dt.date.today()


def days(n: int) -> str:
    return str(TODAY + dt.timedelta(days=n))


async def count(session: AsyncSession, model: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def locs(response: httpx.Response) -> list[list[Any]]:
    return [error["loc"] for error in response.json().get("errors", [])]


def program_body(**fields: Any) -> dict[str, Any]:
    return {"name": "Principal coaching", "kind": "coaching", "start_date": days(-90)} | fields
