"""Reviews: a supervisor's 1-5 rubric scores for a person, per dimension."""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import people_in_scope
from api.access.mentoring import programs_writable
from api.access.mentoring_feedback import people_reviewable, reviews_visible, reviews_writable
from api.core import nested_records
from api.core.crud import get_writable_record
from api.core.errors import Unprocessable, body_error
from api.core.filtering import any_of, narrowed, since, until
from api.core.listing import ListQuery
from api.core.nested_rows import rows_by_parent
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.directory.models import Person
from api.mentoring.models import Participant, Program, Review, ReviewScore
from api.mentoring.schemas.reviews import ReviewCreate, ReviewUpdate
from api.mentoring.service import feedback_events as events
from api.mentoring.service.outcome_totals import refresh_score_totals
from api.mentoring.vocabulary import ReviewDimension

RESOURCE = "mentoring_reviews"
SCALARS = ("reviewer_id", "phase", "reviewed_on", "note")
STORED = [
    Review.__table__.c[name]
    for name in ("id", "created_at", "updated_at", "version", "person_id", "program_id", *SCALARS)
]
DIMENSIONS = [d.value for d in ReviewDimension]
CSV_COLUMNS = [
    "id",
    "person_id",
    "program_id",
    "reviewer_id",
    "phase",
    "reviewed_on",
    "note",
    *DIMENSIONS,
    "version",
    "updated_at",
]
SORTABLE = SortOrder.of(Review, "reviewed_on", "created_at", "updated_at", default="reviewed_on")


@dataclass(frozen=True)
class ReviewFilters:
    person_id: list[uuid.UUID] | None = None
    program_id: list[uuid.UUID] | None = None
    phase: Sequence[str] | None = None
    reviewed_from: dt.date | None = None
    reviewed_to: dt.date | None = None
    updated_since: dt.datetime | None = None


def filtered(scope: Scope, filters: ReviewFilters) -> Select[Any]:
    return narrowed(
        select(*STORED).where(reviews_visible(scope)),
        any_of(Review.person_id, filters.person_id),
        any_of(Review.program_id, filters.program_id),
        any_of(Review.phase, filters.phase),
        since(Review.reviewed_on, filters.reviewed_from or None),
        until(Review.reviewed_on, filters.reviewed_to or None),
        since(Review.updated_at, filters.updated_since),
    )


def _score_column(dimension: str) -> Any:
    return (
        select(ReviewScore.score)
        .where(ReviewScore.review_id == Review.id, ReviewScore.dimension == dimension)
        .scalar_subquery()
        .label(dimension)
    )


def listed(session: AsyncSession, scope: Scope, filters: ReviewFilters) -> ListQuery:
    stmt = filtered(scope, filters)
    export = stmt.add_columns(*(_score_column(d) for d in DIMENSIONS))
    return ListQuery(stmt, SORTABLE, export=export, bodies=partial(bodies, session))


async def scores_of(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    rows = await rows_by_parent(
        session,
        select(ReviewScore.review_id, ReviewScore.dimension, ReviewScore.score)
        .where(ReviewScore.review_id.in_(ids))
        .order_by(ReviewScore.review_id, ReviewScore.dimension),
        "review_id",
    )
    return {
        review_id: {r["dimension"]: r["score"] for r in scores}
        for review_id, scores in rows.items()
    }


async def bodies(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    scores = await scores_of(session, [row["id"] for row in rows])
    return [dict(row) | {"scores": scores.get(row["id"], {})} for row in rows]


async def read_review(session: AsyncSession, scope: Scope, review_id: uuid.UUID) -> dict[str, Any]:
    return await listed(session, scope, ReviewFilters()).one(session, review_id, "review")


async def get_writable_review(session: AsyncSession, scope: Scope, review_id: uuid.UUID) -> Review:
    return await get_writable_record(
        session,
        Review,
        review_id,
        reviews_visible(scope),
        reviews_writable(scope),
        "You can read this review but not change it: staff write reviews.",
    )


async def _check_subject(
    session: AsyncSession, scope: Scope, person_id: uuid.UUID, program_id: uuid.UUID | None
) -> None:
    """A programme's review is written by its staff, of one of its participants; a review
    of no programme by staff who reach the person."""
    if program_id is not None:
        program = await session.scalar(
            select(Program.id).where(Program.id == program_id, programs_writable(scope))
        )
        if program is None:
            raise Unprocessable(
                "The review names a programme outside your scope.",
                errors=[body_error(["program_id"], "no such programme in your scope")],
            )
        taking_part = await session.scalar(
            select(Participant.id)
            .where(Participant.program_id == program_id, Participant.person_id == person_id)
            .limit(1)
        )
        if taking_part is None:
            raise Unprocessable(
                "The person does not take part in the programme.",
                errors=[body_error(["person_id"], "not a participant of the programme", "program")],
            )
        return
    found = await session.scalar(
        select(Person.id).where(Person.id == person_id, people_reviewable(scope, Person.id))
    )
    if found is None:
        raise Unprocessable(
            "The review names a person outside your scope.",
            errors=[body_error(["person_id"], "no such person in your scope")],
        )


async def _check_reviewer(
    session: AsyncSession, scope: Scope, reviewer_id: uuid.UUID | None
) -> None:
    if reviewer_id is None:
        return
    reachable = or_(people_in_scope(scope, Person.id), Person.id == scope.person_id)
    found = await session.scalar(select(Person.id).where(Person.id == reviewer_id, reachable))
    if found is None:
        raise Unprocessable(
            "The review names a reviewer outside your scope.",
            errors=[body_error(["reviewer_id"], "no such person in your scope")],
        )


async def _place(
    session: AsyncSession, person_id: uuid.UUID, program_id: uuid.UUID | None
) -> dict[str, Any]:
    """A programme's review: its district and the school the person takes part from, so
    the staff who run it see its events; one of no programme stays out of the feed."""
    if program_id is None:
        return events.place_at(None)
    district_id = await session.scalar(select(Program.district_id).where(Program.id == program_id))
    school_id = await session.scalar(
        select(Participant.school_id)
        .where(Participant.program_id == program_id, Participant.person_id == person_id)
        .order_by(Participant.school_id.is_(None))
        .limit(1)
    )
    return events.place_at(district_id, school_id)


def _plain(scores: Mapping[Any, int]) -> dict[str, int]:
    return {str(dimension): score for dimension, score in sorted(scores.items())}


async def create_review(session: AsyncSession, scope: Scope, data: ReviewCreate) -> Review:
    await _check_subject(session, scope, data.person_id, data.program_id)
    await _check_reviewer(session, scope, data.reviewer_id)
    review = Review(
        person_id=data.person_id,
        program_id=data.program_id,
        reviewer_id=data.reviewer_id,
        phase=data.phase.value,
        reviewed_on=data.reviewed_on,
        note=data.note,
    )
    session.add(review)
    await session.flush()
    scores = _plain(data.scores)
    session.add_all(
        ReviewScore(review_id=review.id, dimension=d, score=s) for d, s in scores.items()
    )
    place = await _place(session, data.person_id, data.program_id)
    await nested_records.record_created(
        session, review, {"scores": scores}, RESOURCE, place, events.FREE_TEXT
    )
    await refresh_score_totals(session, [(review.person_id, review.program_id)])
    return review


async def _replace_scores(
    session: AsyncSession, review: Review, scores: Mapping[Any, int]
) -> list[dict[str, int]] | None:
    current = list(
        await session.scalars(select(ReviewScore).where(ReviewScore.review_id == review.id))
    )
    before = _plain({s.dimension: s.score for s in current})
    after = _plain(scores)
    if before == after:
        return None
    for score in current:
        await session.delete(score)
    await session.flush()
    session.add_all(
        ReviewScore(review_id=review.id, dimension=d, score=s) for d, s in after.items()
    )
    await session.flush()
    return [before, after]


async def update_review(
    session: AsyncSession, scope: Scope, review: Review, patch: ReviewUpdate
) -> bool:
    changes = patch.changes()
    columns = {name: changes[name] for name in SCALARS if name in changes}
    if "phase" in columns:
        columns["phase"] = str(columns["phase"])
    if columns.get("reviewer_id") not in (None, review.reviewer_id):
        await _check_reviewer(session, scope, columns["reviewer_id"])
    nested: dict[str, Any] = {}
    if patch.scores is not None:
        replaced = await _replace_scores(session, review, patch.scores)
        if replaced is not None:
            nested["scores"] = replaced
    place = await _place(session, review.person_id, review.program_id)
    changed = await nested_records.save_changes(
        session, review, columns, nested, RESOURCE, place, events.FREE_TEXT
    )
    if changed:
        await refresh_score_totals(session, [(review.person_id, review.program_id)])
    return changed


async def delete_review(session: AsyncSession, review: Review) -> None:
    place = await _place(session, review.person_id, review.program_id)
    key = (review.person_id, review.program_id)
    await nested_records.delete_with_event(session, review, RESOURCE, place)
    await refresh_score_totals(session, [key])
