"""Whole days between two dates, the same on both databases."""

import datetime as dt

import pytest
from sqlalchemy import Date, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.day_spans import days_between
from api.goals.models import Goal
from tests.directory.factories import make_district
from tests.goals.factories import make_goal


@pytest.mark.parametrize(
    ("later", "earlier", "days"),
    [
        (dt.date(2024, 3, 1), dt.date(2024, 2, 28), 2),  # across a leap day
        (dt.date(2025, 1, 1), dt.date(2024, 12, 31), 1),
        (dt.date(2024, 9, 1), dt.date(2024, 9, 1), 0),
        (dt.date(2024, 8, 31), dt.date(2024, 9, 30), -30),
    ],
)
async def test_days_between_bound_dates(
    session: AsyncSession, later: dt.date, earlier: dt.date, days: int
) -> None:
    span = days_between(literal(later, Date), literal(earlier, Date))
    assert await session.scalar(select(span)) == days


async def test_days_between_date_columns(session: AsyncSession) -> None:
    district = await make_district(session)
    goal = await make_goal(
        session, district, baseline_date=dt.date(2024, 8, 15), target_date=dt.date(2025, 6, 15)
    )
    span = days_between(Goal.target_date, Goal.baseline_date)
    assert await session.scalar(select(span).where(Goal.id == goal.id)) == 304
