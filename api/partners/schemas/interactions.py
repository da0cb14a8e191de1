"""Interactions under an agreement and their action items."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.directory.vocabulary import Channel
from api.partners.schemas.common import (
    KEEPS_ONE,
    UNIQUE,
    LongText,
    new_one_with,
)
from api.partners.vocabulary import InteractionKind

ItemText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class ActionItemInput(RequestModel):
    id: uuid.UUID | None = Field(None, description="On update: keep this existing item.")
    text: ItemText
    owner_id: uuid.UUID | None = Field(None, description="The person who will do it.")
    due_date: dt.date | None = None
    done: bool = False


class ActionItemPatch(RequestModel):
    """An action item in a patch: with an `id`, only the fields given change."""

    id: uuid.UUID | None = None
    text: ItemText | None = None
    owner_id: uuid.UUID | None = None
    due_date: dt.date | None = None
    done: bool | None = None

    model_config = ConfigDict(json_schema_extra={"anyOf": [KEEPS_ONE, new_one_with("text")]})

    @model_validator(mode="after")
    def new_ones_complete(self) -> Self:
        if self.id is None and self.text is None:
            raise ValueError("a new action item needs its text")
        return self


class ActionItemRead(RecordRead):
    interaction_id: uuid.UUID
    agreement_id: uuid.UUID
    text: str
    owner_id: uuid.UUID | None
    due_date: dt.date | None
    done: bool
    done_at: dt.datetime | None


class ActionItemUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"text", "done"})

    text: ItemText | None = None
    owner_id: uuid.UUID | None = None
    due_date: dt.date | None = None
    done: bool | None = None


Decisions = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=2000)]],
    Field(max_length=50, description="What was decided, one entry each."),
]
AttendeeIds = Annotated[list[uuid.UUID], *UNIQUE, Field(max_length=100)]


class InteractionFields(BaseModel):
    occurred_on: dt.date = Field(description="When it happened; not in the future.")
    kind: InteractionKind
    channel: Channel | None = None
    duration_minutes: int | None = Field(None, ge=0, le=1440)
    summary: LongText | None = None


class InteractionCreate(InteractionFields, RequestModel):
    attendee_ids: AttendeeIds = Field(default_factory=list)
    decisions: Decisions = Field(default_factory=list)
    action_items: list[ActionItemInput] = Field(default_factory=list, max_length=100)


class InteractionUpdate(MergePatch):
    """A merge patch; `action_items` replaces the list (items with an `id` keep it)."""

    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"occurred_on", "kind", "attendee_ids", "decisions", "action_items"}
    )

    occurred_on: dt.date | None = None
    kind: InteractionKind | None = None
    channel: Channel | None = None
    duration_minutes: int | None = Field(None, ge=0, le=1440)
    summary: LongText | None = None
    attendee_ids: AttendeeIds | None = None
    decisions: Decisions | None = None
    action_items: list[ActionItemPatch] | None = Field(None, max_length=100)


class InteractionRead(InteractionFields, RecordRead):
    agreement_id: uuid.UUID
    attendee_ids: list[uuid.UUID]
    decisions: list[str]
    action_items: list[ActionItemRead]
