"""What the impact metrics keep summed of survey answers and review scores, rewritten
in the writing transaction whenever the answers or reviews of a participant or person
change: per participant and survey item, per participant and survey (growth items, pre
and post), and per person, programme and dimension."""

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import case, delete, func, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.mentoring.models import (
    AnswerTotal,
    GrowthTotal,
    Review,
    ReviewScore,
    ScoreTotal,
    SurveyAnswer,
    SurveyResponse,
)
from api.mentoring.vocabulary import ReviewPhase, SurveyPhase


async def refresh_answer_totals(
    session: AsyncSession, participant_ids: Collection[uuid.UUID]
) -> None:
    """Rewrite the participants' answer and growth totals from their answers as they
    now stand (flushed, and each response's own growth sums kept)."""
    if not participant_ids:
        return
    ids = list(participant_ids)
    await session.execute(delete(AnswerTotal).where(AnswerTotal.participant_id.in_(ids)))
    totals = (
        select(
            SurveyResponse.participant_id,
            SurveyAnswer.item_id,
            func.count(),
            func.sum(SurveyAnswer.score),
            func.min(SurveyResponse.responded_on),
            func.max(SurveyResponse.responded_on),
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.participant_id.in_(ids))
        .group_by(SurveyResponse.participant_id, SurveyAnswer.item_id)
    )
    columns = ["participant_id", "item_id", "answers", "total", "first_on", "last_on"]
    await session.execute(insert(AnswerTotal).from_select(columns, totals))
    await _refresh_growth_totals(session, ids)


def _in_response_phase(phase: SurveyPhase, value: Any, otherwise: Any = None) -> Any:
    return case((SurveyResponse.phase == phase.value, value), else_=otherwise)


async def _refresh_growth_totals(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    """From the growth sums each response keeps (`keep_answer_totals`)."""
    await session.execute(delete(GrowthTotal).where(GrowthTotal.participant_id.in_(ids)))
    pre, post = SurveyPhase.pre, SurveyPhase.post
    totals = (
        select(
            SurveyResponse.participant_id,
            SurveyResponse.survey_id,
            func.sum(_in_response_phase(pre, SurveyResponse.growth_answers, 0)),
            func.sum(_in_response_phase(pre, SurveyResponse.growth_total, 0)),
            func.sum(_in_response_phase(post, SurveyResponse.growth_answers, 0)),
            func.sum(_in_response_phase(post, SurveyResponse.growth_total, 0)),
            func.min(_in_response_phase(post, SurveyResponse.responded_on)),
            func.max(_in_response_phase(post, SurveyResponse.responded_on)),
        )
        .where(
            SurveyResponse.participant_id.in_(ids),
            SurveyResponse.growth_answers > 0,
            SurveyResponse.phase.in_([pre.value, post.value]),
        )
        .group_by(SurveyResponse.participant_id, SurveyResponse.survey_id)
    )
    columns = [
        "participant_id",
        "survey_id",
        "pre_answers",
        "pre_total",
        "post_answers",
        "post_total",
        "post_first_on",
        "post_last_on",
    ]
    await session.execute(insert(GrowthTotal).from_select(columns, totals))


def _in_phase(phase: ReviewPhase, value: Any, otherwise: Any = None) -> Any:
    return case((Review.phase == phase.value, value), else_=otherwise)


async def refresh_score_totals(
    session: AsyncSession, keys: Collection[tuple[uuid.UUID, uuid.UUID | None]]
) -> None:
    """Rewrite the totals of these (person, programme) pairs from their reviews as they
    now stand (flushed). Reviews of no programme are counted in none."""
    pairs = [(person, program) for person, program in keys if program is not None]
    if not pairs:
        return
    await session.execute(
        delete(ScoreTotal).where(tuple_(ScoreTotal.person_id, ScoreTotal.program_id).in_(pairs))
    )
    pre, post = ReviewPhase.pre, ReviewPhase.post
    totals = (
        select(
            Review.person_id,
            Review.program_id,
            ReviewScore.dimension,
            func.sum(_in_phase(pre, 1, 0)),
            func.sum(_in_phase(pre, ReviewScore.score, 0)),
            func.sum(_in_phase(post, 1, 0)),
            func.sum(_in_phase(post, ReviewScore.score, 0)),
            func.min(_in_phase(post, Review.reviewed_on)),
            func.max(_in_phase(post, Review.reviewed_on)),
        )
        .join(Review, Review.id == ReviewScore.review_id)
        .where(
            tuple_(Review.person_id, Review.program_id).in_(pairs),
            Review.phase.in_([pre.value, post.value]),
        )
        .group_by(Review.person_id, Review.program_id, ReviewScore.dimension)
    )
    columns = [
        "person_id",
        "program_id",
        "dimension",
        "pre_scores",
        "pre_total",
        "post_scores",
        "post_total",
        "post_first_on",
        "post_last_on",
    ]
    await session.execute(insert(ScoreTotal).from_select(columns, totals))
