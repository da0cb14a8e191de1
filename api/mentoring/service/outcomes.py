"""The pyramid's middle levels: satisfaction, growth and performance.

SQL reduces the answers and scores to one mean per item, or to one (pre, post)
pair per participant; only those pairs reach Python, for SciPy's paired tests.
"""

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Float, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scope import Scope
from api.mentoring.models import (
    Participant,
    Review,
    ReviewScore,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from api.mentoring.service.impact_scope import (
    ImpactFilters,
    Period,
    enrolled_during,
    participants_counted,
)
from api.mentoring.service.statistics import counted, paired_change
from api.mentoring.vocabulary import OutcomeLevel, ParticipantRole, ReviewPhase, SurveyPhase

ITEM_MEAN = (
    "mean of the item's 1-5 scores (SQL AVG) over answers given in the period by counted "
    "participants enrolled in it; n = answers"
)
RESPONSE_RATE = (
    "participants who answered the item / participants enrolled in the period in the "
    "programmes whose participants answered the survey in it; n = those invited"
)
GROWTH = (
    "per mentee participation, the mean of their answers to the survey's growth items in "
    "pre responses (any date) and in post responses given in the period; paired on the "
    "participations having both. "
)
PERFORMANCE = (
    "per mentee participation and rubric dimension, the mean score of their pre reviews "
    "(any date) and of their post reviews in the period, both taken in that programme; "
    "paired on the participations having both. "
)


def _score() -> Any:
    return func.avg(cast(SurveyAnswer.score, Float))


async def satisfaction(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> list[dict[str, Any]]:
    counted_here = [*participants_counted(scope, filters), enrolled_during(period)]
    # Narrow rows first (item, participant, count, sum), names joined to the five totals.
    per_person = (
        select(
            SurveyAnswer.item_id,
            func.count().label("n"),
            func.sum(SurveyAnswer.score).label("total"),
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(Participant, Participant.id == SurveyResponse.participant_id)
        .where(
            SurveyAnswer.item_id.in_(
                select(SurveyItem.id).where(
                    SurveyItem.outcome_level == OutcomeLevel.satisfaction.value
                )
            ),
            SurveyResponse.responded_on.between(period.start, period.end),
            *counted_here,
        )
        .group_by(SurveyAnswer.item_id, SurveyResponse.participant_id)
        .subquery("per_person")
    )
    per_item = (
        select(
            per_person.c.item_id,
            func.sum(per_person.c.n).label("n"),
            func.sum(per_person.c.total).label("total"),
            func.count().label("responders"),
        )
        .group_by(per_person.c.item_id)
        .subquery("per_item")
    )
    items = (
        select(
            SurveyItem.id,
            SurveyItem.survey_id,
            Survey.name,
            SurveyItem.position,
            SurveyItem.text,
            per_item.c.n,
            per_item.c.total,
            per_item.c.responders,
        )
        .join(SurveyItem, SurveyItem.id == per_item.c.item_id)
        .join(Survey, Survey.id == SurveyItem.survey_id)
        .order_by(Survey.name, SurveyItem.survey_id, SurveyItem.position)
    )
    rows = list((await session.execute(items)).mappings())
    invited = await _invited(session, {row["survey_id"] for row in rows}, counted_here, period)
    answers = []
    for row in rows:
        n, responders = int(row["n"]), int(row["responders"])
        asked = invited.get(row["survey_id"], 0)
        answers.append(
            {
                "survey_id": row["survey_id"],
                "survey_name": row["name"],
                "item_id": row["id"],
                "position": row["position"],
                "text": row["text"],
                # Whole scores sum exactly, so this is SQL's AVG to the last bit.
                "mean": counted(int(row["total"]) / n, n, ITEM_MEAN),
                "response_rate": counted(
                    responders / asked if asked else None, asked, RESPONSE_RATE
                )
                | {"responders": responders},
            }
        )
    return answers


async def _invited(
    session: AsyncSession, survey_ids: set[uuid.UUID], counted_here: Sequence[Any], period: Period
) -> dict[uuid.UUID, int]:
    if not survey_ids:
        return {}
    used = (
        select(SurveyResponse.survey_id, SurveyResponse.program_id)
        .where(
            SurveyResponse.survey_id.in_(survey_ids),
            SurveyResponse.responded_on.between(period.start, period.end),
        )
        .distinct()
        .subquery("used")
    )
    stmt = (
        select(used.c.survey_id, func.count(func.distinct(Participant.id)))
        .join(Participant, Participant.program_id == used.c.program_id)
        .where(*counted_here)
        .group_by(used.c.survey_id)
    )
    return {survey_id: int(n) for survey_id, n in (await session.execute(stmt)).all()}


def _grouped(rows: Iterable[Any]) -> dict[Any, tuple[list[float], list[float]]]:
    groups: dict[Any, tuple[list[float], list[float]]] = {}
    for key, pre, post in rows:
        before, after = groups.setdefault(key, ([], []))
        before.append(float(pre))
        after.append(float(post))
    return groups


async def growth(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> list[dict[str, Any]]:
    pre = _score().filter(SurveyResponse.phase == SurveyPhase.pre.value)
    post = _score().filter(
        SurveyResponse.phase == SurveyPhase.post.value,
        SurveyResponse.responded_on.between(period.start, period.end),
    )
    pairs = (
        select(SurveyResponse.survey_id, pre.label("pre"), post.label("post"))
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
        .join(Participant, Participant.id == SurveyResponse.participant_id)
        .where(
            SurveyItem.outcome_level == OutcomeLevel.growth.value,
            SurveyResponse.phase.in_([SurveyPhase.pre.value, SurveyPhase.post.value]),
            Participant.role == ParticipantRole.mentee.value,
            *participants_counted(scope, filters),
        )
        .group_by(SurveyResponse.survey_id, Participant.id)
        .having(pre.is_not(None), post.is_not(None))
        .subquery("pairs")
    )
    stmt = (
        select(pairs.c.survey_id, Survey.name, pairs.c.pre, pairs.c.post)
        .join(Survey, Survey.id == pairs.c.survey_id)
        .order_by(Survey.name, pairs.c.survey_id)
    )
    rows = (await session.execute(stmt)).all()
    groups = _grouped(((survey_id, name), pre, post) for survey_id, name, pre, post in rows)
    return [
        {"survey_id": survey_id, "survey_name": name, "change": _change(before, after, GROWTH)}
        for (survey_id, name), (before, after) in groups.items()
    ]


async def performance(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> list[dict[str, Any]]:
    score = cast(ReviewScore.score, Float)
    pre = func.avg(score).filter(Review.phase == ReviewPhase.pre.value)
    post = func.avg(score).filter(
        Review.phase == ReviewPhase.post.value,
        Review.reviewed_on.between(period.start, period.end),
    )
    stmt = (
        select(ReviewScore.dimension, pre, post)
        .join(Review, Review.id == ReviewScore.review_id)
        .join(
            Participant,
            (Participant.person_id == Review.person_id)
            & (Participant.program_id == Review.program_id),
        )
        .where(
            Review.phase.in_([ReviewPhase.pre.value, ReviewPhase.post.value]),
            Participant.role == ParticipantRole.mentee.value,
            *participants_counted(scope, filters),
        )
        .group_by(ReviewScore.dimension, Participant.id)
        .having(pre.is_not(None), post.is_not(None))
        .order_by(ReviewScore.dimension)
    )
    groups = _grouped((await session.execute(stmt)).all())
    return [
        {"dimension": dimension, "change": _change(before, after, PERFORMANCE)}
        for dimension, (before, after) in groups.items()
    ]


def _change(before: list[float], after: list[float], unit: str) -> dict[str, Any]:
    figure = paired_change(before, after)
    return figure | {"method": unit + figure["method"]}
