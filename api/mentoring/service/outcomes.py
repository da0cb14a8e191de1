"""The pyramid's middle levels past satisfaction: growth and performance.

SQL reduces the answers and scores to one (pre, post) pair per participant and then to
the sums over those pairs; only the sums reach Python, for SciPy's paired interval and
test.
"""

from typing import Any

from sqlalchemy import Float, cast, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scope import Scope
from api.mentoring.models import (
    GrowthTotal,
    Participant,
    Review,
    ReviewScore,
    ScoreTotal,
    Survey,
    SurveyResponse,
)
from api.mentoring.service.impact_scope import (
    ImpactFilters,
    Period,
    cut_through,
    held_within,
    participants_counted,
)
from api.mentoring.service.statistics import PairedSums, paired_change_of
from api.mentoring.vocabulary import ParticipantRole, ReviewPhase, SurveyPhase

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


def _mean(total: Any, count: Any) -> Any:
    """SQL's AVG over whole scores, from their sum and count: the same to the last bit."""
    return cast(total, Float) / cast(count, Float)


async def growth(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> list[dict[str, Any]]:
    """Per mentee participation, the totals kept of their growth answers: their posts
    all in the period count from the totals alone, none in it not at all, and only the
    responses of those the period cuts through are read."""
    first, last = GrowthTotal.post_first_on, GrowthTotal.post_last_on
    pre = _mean(GrowthTotal.pre_total, GrowthTotal.pre_answers)

    def totals_where(*columns: Any, held: Any) -> Any:
        return (
            select(GrowthTotal.survey_id, *columns)
            .join(Participant, Participant.id == GrowthTotal.participant_id)
            .where(
                GrowthTotal.pre_answers > 0,
                held,
                Participant.role == ParticipantRole.mentee.value,
                *participants_counted(scope, filters),
            )
        )

    kept = totals_where(
        pre.label("pre"),
        _mean(GrowthTotal.post_total, GrowthTotal.post_answers).label("post"),
        held=held_within(first, last, period),
    )
    cut = totals_where(
        GrowthTotal.participant_id, pre.label("pre"), held=cut_through(first, last, period)
    ).subquery("cut")
    read = (
        select(
            cut.c.survey_id,
            cut.c.pre,
            _mean(
                func.sum(SurveyResponse.growth_total), func.sum(SurveyResponse.growth_answers)
            ).label("post"),
        )
        .join(
            SurveyResponse,
            (SurveyResponse.participant_id == cut.c.participant_id)
            & (SurveyResponse.survey_id == cut.c.survey_id),
        )
        .where(
            SurveyResponse.phase == SurveyPhase.post.value,
            SurveyResponse.growth_answers > 0,
            SurveyResponse.responded_on.between(period.start, period.end),
        )
        .group_by(cut.c.participant_id, cut.c.survey_id, cut.c.pre)
    )
    pairs = union_all(kept, read).subquery("pairs")
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
    """Per mentee participation, the (person, programme) totals kept of their reviews:
    their posts all in the period count from the totals alone, none in it not at all,
    and only the reviews of those the period cuts through are read."""
    first, last = ScoreTotal.post_first_on, ScoreTotal.post_last_on
    pre = _mean(ScoreTotal.pre_total, ScoreTotal.pre_scores)

    def totals_where(*columns: Any, held: Any) -> Any:
        return (
            select(ScoreTotal.dimension, *columns)
            .join(
                Participant,
                (Participant.person_id == ScoreTotal.person_id)
                & (Participant.program_id == ScoreTotal.program_id),
            )
            .where(
                ScoreTotal.pre_scores > 0,
                held,
                Participant.role == ParticipantRole.mentee.value,
                *participants_counted(scope, filters),
            )
        )

    kept = totals_where(
        pre.label("pre"),
        _mean(ScoreTotal.post_total, ScoreTotal.post_scores).label("post"),
        held=held_within(first, last, period),
    )
    cut = totals_where(
        ScoreTotal.person_id,
        ScoreTotal.program_id,
        pre.label("pre"),
        held=cut_through(first, last, period),
    ).subquery("cut")
    read = (
        select(cut.c.dimension, cut.c.pre, func.avg(cast(ReviewScore.score, Float)).label("post"))
        .join(
            Review, (Review.person_id == cut.c.person_id) & (Review.program_id == cut.c.program_id)
        )
        .join(
            ReviewScore,
            (ReviewScore.review_id == Review.id) & (ReviewScore.dimension == cut.c.dimension),
        )
        .where(
            Review.phase == ReviewPhase.post.value,
            Review.reviewed_on.between(period.start, period.end),
        )
        .group_by(cut.c.person_id, cut.c.program_id, cut.c.dimension, cut.c.pre)
    )
    pairs = union_all(kept, read).subquery("pairs")
    stmt = _sums(pairs, pairs.c.dimension).order_by(pairs.c.dimension)
    return [
        {"dimension": row["dimension"], "change": _change(row, PERFORMANCE)}
        for row in (await session.execute(stmt)).mappings()
    ]
