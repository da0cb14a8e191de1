"""Check-ins (coaching sessions) of a match."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.mentoring.schemas.fields import LongText, unique
from api.mentoring.schemas.matches import GoalIds
from api.mentoring.vocabulary import MeetingChannel

Focus = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Minutes = Annotated[int, Field(ge=0, le=1440)]


class CheckInFields(BaseModel):
    held_on: dt.date = Field(description="On or after the day the match started.")
    channel: MeetingChannel = MeetingChannel.in_person
    minutes: Minutes | None = None
    focus: Focus | None = None
    notes: LongText | None = None
    next_steps: LongText | None = None
    goal_ids: GoalIds = Field(default_factory=list)

    @model_validator(mode="after")
    def goals_unique(self) -> Self:
        unique(self.goal_ids, "goal_ids")
        return self


class CheckInCreate(CheckInFields, RequestModel):
    pass


class CheckInUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"held_on", "channel", "goal_ids"})

    held_on: dt.date | None = None
    channel: MeetingChannel | None = None
    minutes: Minutes | None = None
    focus: Focus | None = None
    notes: LongText | None = None
    next_steps: LongText | None = None
    goal_ids: GoalIds | None = None


class CheckInRead(CheckInFields, RecordRead):
    match_id: uuid.UUID
    program_id: uuid.UUID
