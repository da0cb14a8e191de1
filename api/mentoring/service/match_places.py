"""Where a match's events belong: where its mentee works."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.mentoring.models import Match, Participant


async def place_of(session: AsyncSession, match: Match) -> dict[str, Any]:
    """A match belongs where its mentee works."""
    row = (
        await session.execute(
            select(Participant.district_id, Participant.school_id).where(
                Participant.id == match.mentee_id
            )
        )
    ).one()
    return {"district_id": row.district_id, "school_id": row.school_id}
