"""People enrolled in a programme as mentor (coach) or mentee (coachee)."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.directory.vocabulary import Grade, LocaleType, SchoolLevel, StaffRole, Subject
from api.mentoring.schemas.fields import ExternalId, Reason, Tags
from api.mentoring.vocabulary import ParticipantRole

Subjects = Annotated[list[Subject], Field(max_length=len(Subject))]
Grades = Annotated[list[Grade], Field(max_length=len(Grade))]
Years = Annotated[int, Field(ge=0, le=80)]
Capacity = Annotated[int, Field(ge=0, le=100, description="Mentors only: how many mentees.")]


class ProfileFields(BaseModel):
    school_id: uuid.UUID | None = Field(
        None, description="Where they work; from their current role assignment when omitted."
    )
    district_id: uuid.UUID | None = Field(
        None, description="From the school, or their current role assignment, when omitted."
    )
    staff_role: StaffRole | None = Field(
        None, description="From their current role assignment when omitted."
    )
    supervisor_id: uuid.UUID | None = Field(None, description="The person they report to.")
    subjects: Subjects = Field(default_factory=list)
    grade_levels: Grades = Field(default_factory=list)
    school_level: SchoolLevel | None = Field(None, description="From the school when omitted.")
    locale_type: LocaleType | None = Field(None, description="From the school when omitted.")
    interests: Tags = Field(default_factory=list)
    years_experience: Years | None = None
    capacity: Capacity | None = None
    enrolled_on: dt.date
    left_on: dt.date | None = None
    left_reason: Reason | None = None
    external_id: ExternalId | None = None


class ParticipantCreate(ProfileFields, RequestModel):
    program_id: uuid.UUID
    person_id: uuid.UUID
    role: ParticipantRole


class ParticipantUpdate(MergePatch):
    """A merge patch; the programme, person and role are fixed once enrolled."""

    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"subjects", "grade_levels", "interests", "enrolled_on"}
    )

    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None
    staff_role: StaffRole | None = None
    supervisor_id: uuid.UUID | None = None
    subjects: Subjects | None = None
    grade_levels: Grades | None = None
    school_level: SchoolLevel | None = None
    locale_type: LocaleType | None = None
    interests: Tags | None = None
    years_experience: Years | None = None
    capacity: Capacity | None = None
    enrolled_on: dt.date | None = None
    left_on: dt.date | None = None
    left_reason: Reason | None = None
    external_id: ExternalId | None = None


class ParticipantUpsert(ParticipantCreate):
    """A bulk row: matched by `id`, then by `external_id`. Someone known only by another
    system's id (an imported match history) has no `person_id`, but then an `external_id`."""

    id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None  # type: ignore[assignment]


class ParticipantRead(ProfileFields, RecordRead):
    program_id: uuid.UUID
    person_id: uuid.UUID | None
    role: ParticipantRole
