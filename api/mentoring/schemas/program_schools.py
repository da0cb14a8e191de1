"""A school's support tier in a programme."""

import uuid
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.mentoring.schemas.fields import CadenceDays, Tags, unique
from api.mentoring.vocabulary import SupportTier

Weight = Annotated[
    float,
    Field(ge=0.25, le=10, description="How much of a caseload each of its people counts for."),
]
Needs = Annotated[
    Tags,
    Field(
        description="Why the tier: persistently_low_performance, hardship, high_need_community, ..."
    ),
]


class TierFields(BaseModel):
    tier: SupportTier
    needs: Needs = Field(default_factory=list)
    cadence_days: CadenceDays | None = Field(None, description="Null: the tier's own cadence.")
    caseload_weight: Weight | None = Field(None, description="Null: the tier's own weight.")

    @model_validator(mode="after")
    def needs_unique(self) -> Self:
        unique(self.needs, "needs")
        return self


class ProgramSchoolCreate(TierFields, RequestModel):
    school_id: uuid.UUID


class ProgramSchoolUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"tier", "needs"})

    tier: SupportTier | None = None
    needs: Needs | None = None
    cadence_days: CadenceDays | None = None
    caseload_weight: Weight | None = None


class ProgramSchoolRead(TierFields, RecordRead):
    program_id: uuid.UUID
    school_id: uuid.UUID
    effective_cadence_days: int = Field(description="The override, else the tier's cadence.")
    effective_caseload_weight: float = Field(description="The override, else the tier's weight.")
