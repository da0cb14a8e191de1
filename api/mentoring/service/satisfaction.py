"""The pyramid's second level: survey item means with their n and response rates.

Each participant's answers to an item are kept summed with the first and last day they
were given (`AnswerTotal`): a participant whose answers all fall in the period counts
from that row alone, one whose answers all fall outside it not at all, and only the
answers of those the period cuts through are read.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scope import Scope
from api.mentoring.models import (
    AnswerTotal,
    Participant,
    Program,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from api.mentoring.service.impact_scope import (
    ImpactFilters,
    Period,
    cut_through,
    enrolled_during,
    held_within,
    participants_counted,
)
from api.mentoring.service.statistics import counted
from api.mentoring.vocabulary import OutcomeLevel

ITEM_MEAN = (
    "mean of the item's 1-5 scores (SQL AVG) over answers given in the period by counted "
    "participants enrolled in it; n = answers"
)
RESPONSE_RATE = (
    "participants who answered the item / participants enrolled in the period in the "
    "programmes whose participants answered the survey in it; n = those invited"
)


def _totals_where(counted_here: Sequence[Any], *more: ColumnElement[bool]) -> Any:
    satisfaction_items = select(SurveyItem.id).where(
        SurveyItem.outcome_level == OutcomeLevel.satisfaction.value
    )
    return (
        select()
        .select_from(AnswerTotal)
        .join(Participant, Participant.id == AnswerTotal.participant_id)
        .where(AnswerTotal.item_id.in_(satisfaction_items), *counted_here, *more)
    )


def _per_person(counted_here: Sequence[Any], period: Period) -> Any:
    """Per participant and item answered in the period: answers and their sum."""
    first, last = AnswerTotal.first_on, AnswerTotal.last_on
    kept = _totals_where(counted_here, held_within(first, last, period)).add_columns(
        AnswerTotal.item_id, AnswerTotal.answers.label("n"), AnswerTotal.total.label("total")
    )
    cut = (
        _totals_where(counted_here, cut_through(first, last, period))
        .add_columns(AnswerTotal.participant_id, AnswerTotal.item_id)
        .subquery("cut")
    )
    read = (
        select(
            SurveyAnswer.item_id,
            func.count().label("n"),
            func.sum(SurveyAnswer.score).label("total"),
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(
            cut,
            and_(
                cut.c.participant_id == SurveyResponse.participant_id,
                cut.c.item_id == SurveyAnswer.item_id,
            ),
        )
        .where(SurveyResponse.responded_on.between(period.start, period.end))
        .group_by(SurveyAnswer.item_id, SurveyResponse.participant_id)
    )
    return union_all(kept, read).subquery("per_person")


async def satisfaction(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> list[dict[str, Any]]:
    counted_here = [*participants_counted(scope, filters), enrolled_during(period)]
    per_person = _per_person(counted_here, period)
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
