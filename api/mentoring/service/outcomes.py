"""The pyramid's middle levels: satisfaction, growth and performance.

SQL reduces the answers and scores to one mean per item, or to one (pre, post)
pair per participant and then to the sums over those pairs; only the sums reach
Python, for SciPy's paired interval and test.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Float, cast, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scope import Scope
from api.mentoring.models import (
    Participant,
    Program,
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
from api.mentoring.service.statistics import PairedSums, counted, paired_change_of
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


def _items_of(level: OutcomeLevel) -> Any:
    return select(SurveyItem.id).where(SurveyItem.outcome_level == level.value)


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
            SurveyAnswer.item_id.in_(_items_of(OutcomeLevel.satisfaction)),
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
    # One probe of the (survey, programme, date) index per survey and programme, rather
    # than reading every response of the period: a subquery with a LIMIT stays a probe
    # where EXISTS would be planned as a join over all of them.
    answered = (
        select(SurveyResponse.id)
        .where(
            SurveyResponse.survey_id == Survey.id,
            SurveyResponse.program_id == Program.id,
            SurveyResponse.responded_on.between(period.start, period.end),
        )
        .limit(1)
        .scalar_subquery()
        .is_not(None)
    )
    used = (
        select(Survey.id.label("survey_id"), Program.id.label("program_id"))
        .join(Program, true())
        .where(Survey.id.in_(survey_ids), answered)
        .subquery("used")
    )
    stmt = (
        select(used.c.survey_id, func.count(func.distinct(Participant.id)))
        .join(Participant, Participant.program_id == used.c.program_id)
        .where(*counted_here)
        .group_by(used.c.survey_id)
    )
    return {survey_id: int(n) for survey_id, n in (await session.execute(stmt)).all()}


def _sums(pairs: Any, *keys: Any) -> Any:
    """Per key, what the paired figures need from the (pre, post) pairs, summed in SQL."""
    change = pairs.c.post - pairs.c.pre
    return select(
        *keys,
        func.count().label("n"),
        func.sum(pairs.c.pre).label("pre"),
        func.sum(pairs.c.post).label("post"),
        func.sum(change).label("change"),
        func.sum(change * change).label("change_squared"),
        func.min(change).label("least_change"),
        func.max(change).label("most_change"),
    ).group_by(*keys)


def _change(row: Any, unit: str) -> dict[str, Any]:
    figure = paired_change_of(
        PairedSums(
            n=int(row["n"]),
            **{name: float(row[name]) for name in ("pre", "post", "change", "change_squared")},
            least_change=float(row["least_change"]),
            most_change=float(row["most_change"]),
        )
    )
    return figure | {"method": unit + figure["method"]}


def _growth_mean(*phase: Any) -> Any:
    """The mean of the growth answers in the responses that pass `phase`: from the sums
    each response keeps, equal to AVG over those answers."""
    total = func.sum(SurveyResponse.growth_total).filter(*phase)
    answers = func.sum(SurveyResponse.growth_answers).filter(*phase)
    return cast(total, Float) / func.nullif(cast(answers, Float), 0)


async def growth(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> list[dict[str, Any]]:
    pre = _growth_mean(SurveyResponse.phase == SurveyPhase.pre.value)
    post = _growth_mean(
        SurveyResponse.phase == SurveyPhase.post.value,
        SurveyResponse.responded_on.between(period.start, period.end),
    )
    pairs = (
        select(SurveyResponse.survey_id, pre.label("pre"), post.label("post"))
        .join(Participant, Participant.id == SurveyResponse.participant_id)
        .where(
            SurveyResponse.growth_answers > 0,
            SurveyResponse.phase.in_([SurveyPhase.pre.value, SurveyPhase.post.value]),
            Participant.role == ParticipantRole.mentee.value,
            *participants_counted(scope, filters),
        )
        .group_by(SurveyResponse.survey_id, Participant.id)
        .having(pre.is_not(None), post.is_not(None))
        .subquery("pairs")
    )
    per_survey = _sums(pairs, pairs.c.survey_id).subquery("per_survey")
    stmt = (
        select(per_survey, Survey.name)
        .join(Survey, Survey.id == per_survey.c.survey_id)
        .order_by(Survey.name, per_survey.c.survey_id)
    )
    return [
        {
            "survey_id": row["survey_id"],
            "survey_name": row["name"],
            "change": _change(row, GROWTH),
        }
        for row in (await session.execute(stmt)).mappings()
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
    pairs = (
        select(ReviewScore.dimension, pre.label("pre"), post.label("post"))
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
        .group_by(Participant.id, ReviewScore.dimension)
        .having(pre.is_not(None), post.is_not(None))
        .subquery("pairs")
    )
    stmt = _sums(pairs, pairs.c.dimension).order_by(pairs.c.dimension)
    return [
        {"dimension": row["dimension"], "change": _change(row, PERFORMANCE)}
        for row in (await session.execute(stmt)).mappings()
    ]
