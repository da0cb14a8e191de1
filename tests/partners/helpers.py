"""Request bodies and counters shared by the partners tests."""

import uuid
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.partners.models import Agreement
from tests.partners.factories import days

AGREEMENTS = "/api/v1/agreements"
PARTNERS = "/api/v1/partners"


def agreement_body(
    partner_id: uuid.UUID, school_ids: list[uuid.UUID] | None = None, **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "partner_id": str(partner_id),
        "school_ids": [str(s) for s in school_ids or []],
        "title": "Reading buddies",
        "start_date": str(days(-10)),
        "end_date": str(days(200)),
        "services": [
            {
                "category": "tutoring",
                "subject": "ela",
                "grade_levels": ["03"],
                "target_students": 30,
            }
        ],
        "resources": [{"type": "funding", "amount": 1500.5}],
        "communication_plan": {"cadence": "monthly", "channels": ["video"]},
    }
    return body | overrides


async def count(session: AsyncSession, model: Any = Agreement) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def counts(session: AsyncSession) -> tuple[int, int]:
    return await count(session, Agreement), await count(session, Event)


async def created(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    """POSTs `body` to `url`, checks the record was created, and gives it as answered."""
    response = await client.post(url, json=body)
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


def error_locs(response: httpx.Response) -> list[list[Any]]:
    return [error["loc"] for error in response.json().get("errors", [])]


async def events_for(session: AsyncSession, resource_id: uuid.UUID) -> list[Event]:
    rows = await session.scalars(
        select(Event).where(Event.resource_id == resource_id).order_by(Event.seq)
    )
    return list(rows)
