"""A goal as clients write and read it, with the figures derived from its readings."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.directory.schemas import ExternalId, Name
from api.goals.progress import NotComputed
from api.goals.vocabulary import (
    SCHOOL_YEAR_PATTERN,
    Direction,
    GoalArea,
    GoalStatus,
    school_year_is_consecutive,
)
from api.partners.schemas.common import UNIQUE, LongText
from api.partners.vocabulary import ServiceCategory


def _consecutive(value: str) -> str:
    if not school_year_is_consecutive(value):
        raise ValueError("the second year must follow the first, as in 2026-27")
    return value


SchoolYear = Annotated[
    str,
    StringConstraints(pattern=SCHOOL_YEAR_PATTERN, max_length=7),
    AfterValidator(_consecutive),
    Field(
        description="The school year, first year and the next one's last two digits.",
        examples=["2026-27"],
    ),
]
# What a Numeric(18, 4) column holds with room to spare, so a value never overflows it;
# rounded as the column rounds, so the answer to a write is what a read gives back.
Figure = Annotated[
    float, Field(ge=-1e13, le=1e13, allow_inf_nan=False), AfterValidator(lambda v: round(v, 4))
]
Priority = Annotated[int, Field(ge=1, le=999, description="1 is the school's first priority.")]
Metric = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Unit = Annotated[str, StringConstraints(min_length=1, max_length=40)]


def _target_after_baseline(target: dt.date | None, info: ValidationInfo) -> dt.date | None:
    baseline = info.data.get("baseline_date")
    if target is not None and baseline is not None and target < baseline:
        raise ValueError(f"the target date must be on or after the baseline date {baseline}")
    return target


class GoalFields(BaseModel):
    school_year: SchoolYear
    title: Name
    description: LongText | None = None
    area: GoalArea
    priority: Priority | None = None
    owner_id: uuid.UUID | None = Field(
        None, description="The person who owns the goal; someone you can see."
    )
    metric: Metric | None = Field(None, examples=["Students reading at grade level"])
    unit: Unit | None = Field(None, examples=["percent"])
    baseline_value: Figure | None = None
    baseline_date: dt.date | None = None
    target_value: Figure | None = None
    target_date: dt.date | None = Field(None, description="On or after `baseline_date`.")
    direction: Direction = Direction.increase
    status: GoalStatus = GoalStatus.draft
    partner_ask: LongText | None = Field(
        None, description="What the school asks of partners for this goal, in its own words."
    )
    asked_services: Annotated[list[ServiceCategory], *UNIQUE] = Field(
        default_factory=list, description="Service categories that would help, no repeats."
    )
    external_id: ExternalId | None = Field(
        None, description="The district system's id for this goal; unique."
    )


class GoalPlace(BaseModel):
    school_id: uuid.UUID | None = Field(None, description="The school; omit for a district goal.")
    district_id: uuid.UUID | None = Field(
        None,
        description="Required for a district goal; for a school goal it is the school's "
        "district, taken from the school when omitted and refused (422) when different.",
    )


class GoalCreate(GoalPlace, GoalFields, RequestModel):
    @field_validator("target_date")
    @classmethod
    def target_on_or_after_baseline(
        cls, target: dt.date | None, info: ValidationInfo
    ) -> dt.date | None:
        return _target_after_baseline(target, info)


class GoalUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"school_year", "title", "area", "direction", "status", "asked_services", "district_id"}
    )

    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None
    school_year: SchoolYear | None = None
    title: Name | None = None
    description: LongText | None = None
    area: GoalArea | None = None
    priority: Priority | None = None
    owner_id: uuid.UUID | None = None
    metric: Metric | None = None
    unit: Unit | None = None
    baseline_value: Figure | None = None
    baseline_date: dt.date | None = None
    target_value: Figure | None = None
    target_date: dt.date | None = None
    direction: Direction | None = None
    status: GoalStatus | None = None
    partner_ask: LongText | None = None
    asked_services: Annotated[list[ServiceCategory], *UNIQUE] | None = None
    external_id: ExternalId | None = None


class GoalUpsert(GoalCreate):
    id: uuid.UUID | None = Field(None, description="Match on this id; otherwise on `external_id`.")


class GoalRead(GoalFields, RecordRead):
    school_id: uuid.UUID | None
    district_id: uuid.UUID
    rolled_over_from_id: uuid.UUID | None = Field(
        description="The goal of the year before that this one continues."
    )
    progress: float | None = Field(
        description="Share of the way from baseline to target the latest reading has come "
        "(1 reached, above 1 overshot, below 0 fell back past the baseline); null with "
        "`progress_reason` when it cannot be computed."
    )
    progress_reason: NotComputed | None
    on_track: bool | None = Field(
        description="The latest reading against the straight line from baseline to target "
        "on that reading's date; null with `on_track_reason`."
    )
    on_track_reason: NotComputed | None
    expected: float | None = Field(description="The line's value on the latest reading's date.")
    latest: float | None = Field(description="The latest reading's value.")
    last_measured_on: dt.date | None
    days_to_target: int | None = Field(description="Days from today to the target date.")
