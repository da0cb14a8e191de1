"""What the goals API tests share: a valid body, a school for it, counts of what was written."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.directory.models import District, School
from api.goals.models import Goal
from tests.directory.factories import make_district, make_school
from tests.partners.helpers import count

GOALS = "/api/v1/goals"


def goal_body(school_id: uuid.UUID | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "school_id": str(school_id) if school_id else None,
        "school_year": "2026-27",
        "title": "More third graders reading at grade level",
        "area": "ela",
        "priority": 1,
        "metric": "Share of grade 3 at or above benchmark",
        "unit": "percent",
        "baseline_value": 42,
        "baseline_date": "2026-09-01",
        "target_value": 60,
        "target_date": "2027-06-01",
        "status": "active",
        "partner_ask": "Reading volunteers twice a week.",
        "asked_services": ["tutoring", "mentoring"],
    }
    return body | overrides


async def a_school(session: AsyncSession) -> tuple[District, School]:
    district = await make_district(session)
    return district, await make_school(session, district)


async def written(session: AsyncSession) -> tuple[int, int]:
    return await count(session, Goal), await count(session, Event)
