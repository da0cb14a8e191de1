"""The answer and score totals the impact metrics read stay equal to the answers and
reviews they sum, whatever writes them; and the figures read through them equal pandas
over periods that hold a participant's answers whole, cut through them, or miss them."""

from collections import defaultdict
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.mentoring.models import (
    AnswerTotal,
    GrowthTotal,
    Review,
    ReviewScore,
    ScoreTotal,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from api.mentoring.service.outcome_totals import refresh_score_totals
from tests.directory.factories import make_person
from tests.mentoring import impact_expected as expected
from tests.mentoring.feedback_factories import make_participant
from tests.mentoring.impact_builder import TODAY, ImpactWorld, ago
from tests.mentoring.impact_fixture import build_impact_world

METRICS = "/api/v1/metrics/mentoring"
RESPONSES = "/api/v1/mentoring/survey-responses"
REVIEWS = "/api/v1/mentoring/reviews"
PARTICIPANTS = "/api/v1/mentoring/participants"
TOLERANCE = 1e-9


Rows = set[tuple[Any, ...]]


async def _kept(session: AsyncSession) -> tuple[Rows, Rows, Rows]:
    answers = await session.execute(
        select(
            AnswerTotal.participant_id,
            AnswerTotal.item_id,
            AnswerTotal.answers,
            AnswerTotal.total,
            AnswerTotal.first_on,
            AnswerTotal.last_on,
        )
    )
    scores = await session.execute(
        select(
            ScoreTotal.person_id,
            ScoreTotal.program_id,
            ScoreTotal.dimension,
            ScoreTotal.pre_scores,
            ScoreTotal.pre_total,
            ScoreTotal.post_scores,
            ScoreTotal.post_total,
            ScoreTotal.post_first_on,
            ScoreTotal.post_last_on,
        )
    )
    growth = await session.execute(
        select(
            GrowthTotal.participant_id,
            GrowthTotal.survey_id,
            GrowthTotal.pre_answers,
            GrowthTotal.pre_total,
            GrowthTotal.post_answers,
            GrowthTotal.post_total,
            GrowthTotal.post_first_on,
            GrowthTotal.post_last_on,
        )
    )
    return (
        {tuple(row) for row in answers.all()},
        {tuple(row) for row in scores.all()},
        {tuple(row) for row in growth.all()},
    )


async def _summed(session: AsyncSession) -> tuple[Rows, Rows, Rows]:
    """The same totals, summed here from every answer and review score: per participant
    and item; per person, programme and dimension; per participant and survey over the
    growth items of pre and of post responses."""
    answers: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    growth: dict[tuple[Any, ...], dict[str, list[Any]]] = defaultdict(
        lambda: {"pre": [], "post": []}
    )
    rows = await session.execute(
        select(
            SurveyResponse.participant_id,
            SurveyAnswer.item_id,
            SurveyAnswer.score,
            SurveyResponse.responded_on,
            SurveyResponse.survey_id,
            SurveyResponse.phase,
            SurveyItem.outcome_level,
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
    )
    for participant_id, item_id, score, on, survey_id, phase, level in rows.all():
        answers[(participant_id, item_id)].append((score, on))
        if level == "growth" and phase in ("pre", "post"):
            growth[(participant_id, survey_id)][phase].append((score, on))
    scores: dict[tuple[Any, ...], dict[str, list[Any]]] = defaultdict(
        lambda: {"pre": [], "post": []}
    )
    rows = await session.execute(
        select(
            Review.person_id,
            Review.program_id,
            ReviewScore.dimension,
            Review.phase,
            ReviewScore.score,
            Review.reviewed_on,
        ).join(Review, Review.id == ReviewScore.review_id)
    )
    for person_id, program_id, dimension, phase, score, on in rows.all():
        if program_id is not None and phase in ("pre", "post"):
            scores[(person_id, program_id, dimension)][phase].append((score, on))
    return (
        {
            (
                *key,
                len(given),
                sum(s for s, _ in given),
                min(d for _, d in given),
                max(d for _, d in given),
            )
            for key, given in answers.items()
        },
        _pre_and_post(scores),
        _pre_and_post(growth),
    )


def _pre_and_post(found: dict[tuple[Any, ...], dict[str, list[Any]]]) -> Rows:
    """Each key with its pre count and sum, its post count and sum, and its posts' dates."""
    return {
        (
            *key,
            len(both["pre"]),
            sum(s for s, _ in both["pre"]),
            len(both["post"]),
            sum(s for s, _ in both["post"]),
            min((d for _, d in both["post"]), default=None),
            max((d for _, d in both["post"]), default=None),
        )
        for key, both in found.items()
    }


async def assert_totals_current(session: AsyncSession) -> None:
    kept, summed = await _kept(session), await _summed(session)
    assert kept[0] == summed[0]
    assert kept[1] == summed[1]
    assert kept[2] == summed[2]


async def _write_then_undo(
    client: httpx.AsyncClient,
    session: AsyncSession,
    collection: str,
    body: dict[str, Any],
    patches: list[dict[str, Any]],
) -> None:
    """Create a record, patch it change by change, delete it: the totals stay current
    after every write."""
    created = await client.post(collection, json=body)
    assert created.status_code == 201, created.text
    await assert_totals_current(session)
    url = f"{collection}/{created.json()['id']}"
    for version, patch in enumerate(patches, start=1):
        patched = await client.patch(url, json=patch, headers={"If-Match": f'"{version}"'})
        assert patched.status_code == 200, patched.text
        await assert_totals_current(session)
    deleted = await client.delete(url, headers={"If-Match": f'"{len(patches) + 1}"'})
    assert deleted.status_code == 204, deleted.text
    await assert_totals_current(session)


def _items(w: ImpactWorld, survey_name: str) -> list[SurveyItem]:
    (survey,) = [s for s in w.surveys if s.name == survey_name]
    return [item for item in w.items if item.survey_id == survey.id]


async def test_totals_follow_responses_written_through_the_api(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_impact_world(session)
    await assert_totals_current(session)
    items = _items(w, "Programme satisfaction")
    mentee = next(
        p for p in w.participants if p.role == "mentee" and p.program_id == w.mentoring.id
    )
    body = {
        "survey_id": str(items[0].survey_id),
        "participant_id": str(mentee.id),
        "responded_on": ago(20).isoformat(),
        "answers": [{"item_id": str(item.id), "score": 4} for item in items],
    }
    patches = [
        {"answers": [{"item_id": str(items[0].id), "score": 1}]},
        {"responded_on": ago(400).isoformat()},
    ]
    await _write_then_undo(client, session, RESPONSES, body, patches)


async def test_growth_totals_follow_self_assessments_written_through_the_api(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_impact_world(session)
    items = _items(w, "Leadership self-assessment")
    # The fourth mentee has a pre self-assessment and no post yet.
    mentee = w.participants[7]
    assert mentee.role == "mentee"
    body = {
        "survey_id": str(items[0].survey_id),
        "participant_id": str(mentee.id),
        "phase": "post",
        "responded_on": ago(10).isoformat(),
        "answers": [{"item_id": str(item.id), "score": 5} for item in items],
    }
    patches = [
        {"answers": [{"item_id": str(items[3].id), "score": 2}]},
        {"answers": [{"item_id": str(items[1].id), "score": 1}]},
        {"responded_on": ago(200).isoformat()},
        {"phase": None},
    ]
    await _write_then_undo(client, session, RESPONSES, body, patches)


async def test_totals_follow_reviews_written_through_the_api(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_impact_world(session)
    mentee = next(
        p for p in w.participants if p.role == "mentee" and p.program_id == w.mentoring.id
    )
    body = {
        "person_id": str(mentee.person_id),
        "program_id": str(mentee.program_id),
        "phase": "post",
        "reviewed_on": ago(15).isoformat(),
        "scores": {"communication": 5, "data_use": 2},
    }
    patches = [
        {"scores": {"communication": 1}},
        {"reviewed_on": ago(500).isoformat()},
        {"phase": "pre"},
        {"phase": "annual"},
    ]
    await _write_then_undo(client, session, REVIEWS, body, patches)


async def test_totals_go_with_a_deleted_participant(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_impact_world(session)
    newcomer = await make_participant(session, w.mentoring, await make_person(session))
    items = _items(w, "Programme satisfaction")
    body = {
        "survey_id": str(items[0].survey_id),
        "participant_id": str(newcomer.id),
        "responded_on": ago(3).isoformat(),
        "answers": [{"item_id": str(items[1].id), "score": 3}],
    }
    assert (await client.post(RESPONSES, json=body)).status_code == 201
    kept_before = await _kept(session)
    assert any(row[0] == newcomer.id for row in kept_before[0])
    url = f"{PARTICIPANTS}/{newcomer.id}"
    deleted = await client.delete(url, headers={"If-Match": f'"{newcomer.version}"'})
    assert deleted.status_code == 204, deleted.text
    await assert_totals_current(session)
    assert not any(row[0] == newcomer.id for row in (await _kept(session))[0])


async def _second_post_review(session: AsyncSession, w: ImpactWorld) -> None:
    """A mentee's earlier post review on one dimension, so periods can cut through their
    posts."""
    pairs = expected.performance(w, expected.frames(w), (ago(800), TODAY))
    assert pairs["communication"]["n"] >= 5
    review = Review(
        id=new_id(),
        person_id=w.participants[4].person_id,
        program_id=w.participants[4].program_id,
        phase="post",
        reviewed_on=ago(260),
    )
    score = ReviewScore(review_id=review.id, dimension="communication", score=5)
    w.reviews.append(review)
    w.scores.append(score)
    session.add(review)
    await session.flush()
    session.add(score)
    await session.flush()
    await refresh_score_totals(session, [(review.person_id, review.program_id)])


def _close(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got["n"] == want["n"]
    for name, value in want.items():
        if name != "n" and got.get(name) is not None:
            assert abs(got[name] - value) <= TOLERANCE, (name, got[name], value)


async def test_figures_over_periods_that_hold_cut_or_miss_the_answers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_impact_world(session)
    await _second_post_review(session, w)
    assert w.participants[4].role == "mentee"
    frames = expected.frames(w)
    periods = [(ago(800), TODAY), (ago(300), TODAY), (ago(120), TODAY), (ago(380), ago(100))]
    for start, end in periods:
        response = await client.get(
            METRICS, params={"from": start.isoformat(), "to": end.isoformat()}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        satisfaction = expected.satisfaction(w, frames, (start, end))
        items = {item["item_id"]: item for item in body["satisfaction"]["items"]}
        assert set(items) == {str(item_id) for item_id in satisfaction}, (start, end)
        for item_id, want in satisfaction.items():
            item = items[str(item_id)]
            assert item["mean"]["n"] == want["n"]
            assert item["response_rate"]["responders"] == want["responders"]
            if want["n"] >= 5:
                assert abs(item["mean"]["value"] - want["mean"]) <= TOLERANCE
        performance = expected.performance(w, frames, (start, end))
        dimensions = {d["dimension"]: d["change"] for d in body["performance"]["dimensions"]}
        assert set(dimensions) == set(performance), (start, end)
        for dimension, want in performance.items():
            _close(dimensions[dimension], want)
        growth = expected.growth(w, frames, (start, end))
        surveys = {s["survey_id"]: s["change"] for s in body["growth"]["surveys"]}
        assert set(surveys) == {str(survey_id) for survey_id in growth}
        for survey_id, want in growth.items():
            _close(surveys[str(survey_id)], want)
