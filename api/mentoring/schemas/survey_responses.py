"""A participant's answers to a survey, each item scored 1-5."""

import datetime as dt
import uuid
from typing import ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.mentoring.schemas.feedback_fields import FreeText, Score
from api.mentoring.schemas.surveys import MAX_ITEMS
from api.mentoring.vocabulary import SurveyPhase


class AnswerInput(RequestModel):
    item_id: uuid.UUID = Field(description="An item of the response's survey.")
    score: Score


class AnswerRead(BaseModel):
    item_id: uuid.UUID
    score: int


def _items_unique(answers: list[AnswerInput]) -> None:
    ids = [answer.item_id for answer in answers]
    if len(set(ids)) != len(ids):
        raise ValueError("answers names the same item twice")


Answers = list[AnswerInput]


class SurveyResponseCreate(RequestModel):
    survey_id: uuid.UUID = Field(
        description="An instrument of no programme, or of the participant's."
    )
    participant_id: uuid.UUID = Field(description="The programme is the participant's.")
    phase: SurveyPhase | None = Field(
        None, description="`pre` or `post` for a self-assessment; omit for a one-off survey."
    )
    responded_on: dt.date
    comment: FreeText | None = None
    answers: Answers = Field(min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def answers_unique(self) -> Self:
        _items_unique(self.answers)
        return self


class SurveyResponseUpdate(MergePatch):
    """A merge patch; `answers` replaces them all."""

    required_fields: ClassVar[frozenset[str]] = frozenset({"responded_on", "answers"})

    phase: SurveyPhase | None = None
    responded_on: dt.date | None = None
    comment: FreeText | None = None
    answers: Answers | None = Field(None, min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def answers_unique(self) -> Self:
        if self.answers is not None:
            _items_unique(self.answers)
        return self


class SurveyResponseRead(RecordRead):
    survey_id: uuid.UUID
    participant_id: uuid.UUID
    program_id: uuid.UUID
    phase: SurveyPhase | None
    responded_on: dt.date
    comment: str | None
    answers: list[AnswerRead] = Field(description="In the order of the survey's items.")
