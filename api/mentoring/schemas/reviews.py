"""A supervisor's rubric scores for a person, one per dimension."""

import datetime as dt
import uuid
from typing import ClassVar

from pydantic import Field

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.mentoring.schemas.feedback_fields import FreeText, Score
from api.mentoring.vocabulary import ReviewDimension, ReviewPhase

Scores = dict[ReviewDimension, Score]
SCORES = Field(
    min_length=1,
    max_length=len(ReviewDimension),
    description="A 1-5 score for each dimension rated; only the rubric's dimensions.",
)


class ReviewCreate(RequestModel):
    person_id: uuid.UUID = Field(description="Whom the review is of.")
    program_id: uuid.UUID | None = Field(
        None,
        description="The programme the person takes part in; omit for a review of no programme.",
    )
    reviewer_id: uuid.UUID | None = Field(None, description="The supervisor who reviewed.")
    phase: ReviewPhase
    reviewed_on: dt.date
    note: FreeText | None = None
    scores: Scores = SCORES


class ReviewUpdate(MergePatch):
    """A merge patch; `scores` replaces them all."""

    required_fields: ClassVar[frozenset[str]] = frozenset({"phase", "reviewed_on", "scores"})

    reviewer_id: uuid.UUID | None = None
    phase: ReviewPhase | None = None
    reviewed_on: dt.date | None = None
    note: FreeText | None = None
    scores: Scores | None = Field(
        None, min_length=1, max_length=len(ReviewDimension), description="Replaces them all."
    )


class ReviewRead(RecordRead):
    person_id: uuid.UUID
    program_id: uuid.UUID | None
    reviewer_id: uuid.UUID | None
    phase: ReviewPhase
    reviewed_on: dt.date
    note: str | None
    scores: dict[ReviewDimension, int]
