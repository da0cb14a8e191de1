"""What each survey response keeps of its answers for the impact metrics."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.mentoring.models import SurveyAnswer, SurveyItem, SurveyResponse
from api.mentoring.vocabulary import OutcomeLevel


def _of_growth_items(aggregate: Any) -> Any:
    return (
        select(aggregate)
        .select_from(SurveyAnswer)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
        .where(
            SurveyAnswer.response_id == SurveyResponse.id,
            SurveyItem.outcome_level == OutcomeLevel.growth.value,
        )
        .scalar_subquery()
    )


async def keep_answer_totals(session: AsyncSession, response_ids: Sequence[uuid.UUID]) -> None:
    """Store on each response the sum and count of its answers to growth items, as its
    answers now stand (flush them first)."""
    if not response_ids:
        return
    await session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.id.in_(response_ids))
        .values(
            growth_total=_of_growth_items(func.coalesce(func.sum(SurveyAnswer.score), 0)),
            growth_answers=_of_growth_items(func.count()),
        )
        .execution_options(synchronize_session=False)
    )
