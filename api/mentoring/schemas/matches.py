"""Mentor-mentee (coach-coachee) pairs, with their pair health."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.mentoring.schemas.fields import ExternalId, Reason, Tags, unique
from api.mentoring.vocabulary import Health, MatchStatus

GoalIds = Annotated[
    list[uuid.UUID], Field(max_length=50, description="School goals the pair works on.")
]
Score = Annotated[
    float, Field(ge=-999, le=999, description="The suggestion's score, when one was accepted.")
]


class MatchFields(BaseModel):
    focus_areas: Tags = Field(default_factory=list)
    goal_ids: GoalIds = Field(default_factory=list)
    score: Score | None = None
    external_id: ExternalId | None = None

    @model_validator(mode="after")
    def lists_unique(self) -> Self:
        unique(self.goal_ids, "goal_ids")
        unique(self.focus_areas, "focus_areas")
        return self


class MatchCreate(MatchFields, RequestModel):
    """A new pair, `proposed` (the default) or `active` at once (it starts today unless
    `started_on` says otherwise). Accepting a match suggestion is this with its score."""

    program_id: uuid.UUID
    mentor_id: uuid.UUID = Field(description="A mentor (coach) participant of the programme.")
    mentee_id: uuid.UUID = Field(description="A mentee (coachee) participant of the programme.")
    status: MatchStatus = MatchStatus.proposed
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: Reason | None = None


class MatchUpdate(MergePatch):
    """A merge patch. `status` moves along proposed -> active -> completed | ended_early
    (or proposed -> ended_early, a proposal declined); `end_reason` is required for
    ended_early. Activation sets `started_on` and closing sets `ended_on` to today
    unless the patch gives them."""

    required_fields: ClassVar[frozenset[str]] = frozenset({"status", "focus_areas", "goal_ids"})

    status: MatchStatus | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: Reason | None = None
    focus_areas: Tags | None = None
    goal_ids: GoalIds | None = None
    score: Score | None = None
    external_id: ExternalId | None = None


class MatchUpsert(MatchCreate):
    """A bulk row: matched by `id`, then by `external_id`."""

    id: uuid.UUID | None = None


class MatchRead(MatchFields, RecordRead):
    program_id: uuid.UUID
    mentor_id: uuid.UUID
    mentee_id: uuid.UUID
    status: MatchStatus
    started_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str | None
    last_check_in_on: dt.date | None
    check_in_count: int
    cadence_days: int = Field(
        description="The mentee's school tier cadence in the programme, else the programme's."
    )
    health: Health | None = Field(description="Active pairs only; see `next_check_in_due`.")
    days_since_check_in: int | None = Field(description="Null before the first check-in.")
    next_check_in_due: dt.date | None = Field(
        description="The day the pair needs a check-in: the last check-in (or the start) "
        "plus the cadence. Before it the pair is on_track (too_early before its first "
        "check-in); from it on, needs_check_in."
    )
