"""What a school-year rollover created, or would create, and what it left behind."""

import uuid

from pydantic import BaseModel, Field


class RolledGoal(BaseModel):
    source_goal_id: uuid.UUID
    goal_id: uuid.UUID | None = Field(description="The new draft; null on a dry run.")
    title: str
    school_id: uuid.UUID | None
    baseline_value: float | None
    alignments: list[uuid.UUID] = Field(description="Agreements aligned to the new goal.")


class SkippedGoal(BaseModel):
    source_goal_id: uuid.UUID
    title: str
    reason: str = Field(description="`already_rolled_over`, or the finished status.")


class RolloverResult(BaseModel):
    from_school_year: str
    to_school_year: str
    dry_run: bool
    created: list[RolledGoal]
    skipped: list[SkippedGoal]
