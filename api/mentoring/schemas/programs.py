"""Mentoring and coaching programmes."""

import datetime as dt
import uuid
from typing import ClassVar

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.mentoring.schemas.fields import CadenceDays, Caseload, ExternalId, LongText, Name
from api.mentoring.vocabulary import ProgramKind, ProgramStatus


class ProgramFields(BaseModel):
    name: Name
    kind: ProgramKind
    objectives: LongText | None = None
    start_date: dt.date
    end_date: dt.date | None = None
    owner_id: uuid.UUID | None = Field(None, description="The person who runs it.")
    district_id: uuid.UUID | None = Field(
        None, description="The district that runs it; null for one run across districts."
    )
    cadence_days: CadenceDays = 14
    target_caseload: Caseload = Field(5, description="Mentees or coachees per mentor or coach.")
    status: ProgramStatus = ProgramStatus.planned
    external_id: ExternalId | None = None

    @field_validator("end_date")
    @classmethod
    def ends_after_start(cls, end_date: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start_date = info.data.get("start_date")
        if end_date is not None and start_date is not None and end_date < start_date:
            raise ValueError("end_date is before start_date")
        return end_date


class ProgramCreate(ProgramFields, RequestModel):
    pass


class ProgramUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"name", "kind", "start_date", "cadence_days", "target_caseload", "status"}
    )

    name: Name | None = None
    kind: ProgramKind | None = None
    objectives: LongText | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    owner_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None
    cadence_days: CadenceDays | None = None
    target_caseload: Caseload | None = None
    status: ProgramStatus | None = None
    external_id: ExternalId | None = None


class ProgramRead(ProgramFields, RecordRead):
    pass
