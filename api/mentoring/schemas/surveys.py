"""Survey instruments: items scored 1-5, each tagged with the outcome level it measures."""

import uuid
from typing import ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.directory.schemas import ExternalId, Name
from api.mentoring.schemas.feedback_fields import FreeText, ItemText
from api.mentoring.vocabulary import OutcomeLevel

MAX_ITEMS = 100


class SurveyItemInput(RequestModel):
    id: uuid.UUID | None = Field(
        None, description="On update: keep this existing item (and its id), perhaps reworded."
    )
    text: ItemText
    outcome_level: OutcomeLevel


class SurveyItemRead(BaseModel):
    id: uuid.UUID
    position: int = Field(description="1 for the first item.")
    text: str
    outcome_level: OutcomeLevel


def _ids_unique(items: list[SurveyItemInput]) -> None:
    ids = [item.id for item in items if item.id is not None]
    if len(set(ids)) != len(ids):
        raise ValueError("items names the same item id twice")


class SurveyCreate(RequestModel):
    name: Name
    description: FreeText | None = None
    program_id: uuid.UUID | None = Field(
        None, description="The programme that uses it; omit for an instrument any may use."
    )
    external_id: ExternalId | None = Field(None, description="Your own key for it; unique.")
    items: list[SurveyItemInput] = Field(min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def item_ids_unique(self) -> Self:
        _ids_unique(self.items)
        return self


class SurveyUpdate(MergePatch):
    """A merge patch; `items` replaces the list in order (items with an `id` keep it).
    Items change only while the survey has no responses."""

    required_fields: ClassVar[frozenset[str]] = frozenset({"name", "items"})

    name: Name | None = None
    description: FreeText | None = None
    program_id: uuid.UUID | None = None
    external_id: ExternalId | None = None
    items: list[SurveyItemInput] | None = Field(None, min_length=1, max_length=MAX_ITEMS)


class SurveyRead(RecordRead):
    name: str
    description: str | None
    program_id: uuid.UUID | None
    external_id: str | None
    items: list[SurveyItemRead]
