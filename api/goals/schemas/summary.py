"""The school summary: the document a coordinator brings to a partner meeting."""

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.directory.schemas import DistrictSummary, KeyContact, SchoolRead
from api.goals.progress import NotComputed
from api.goals.vocabulary import Direction, GoalArea, GoalStatus, Strength


class SummarySchool(SchoolRead):
    district: DistrictSummary


class SummaryContact(KeyContact):
    days_since_verified: int | None = Field(description="Null when never verified.")


class AlignedAgreement(BaseModel):
    agreement_id: uuid.UUID
    title: str
    partner_id: uuid.UUID
    partner_name: str
    status: str = Field(description="The agreement's status, `expired` derived from its end date.")
    end_date: dt.date
    active: bool = Field(description="Counts toward the goal's coverage.")
    strength: Strength
    service_category: str | None
    contribution: str | None


class GoalSummary(BaseModel):
    id: uuid.UUID
    title: str
    description: str | None
    area: GoalArea
    priority: int | None
    status: GoalStatus
    metric: str | None
    unit: str | None
    direction: Direction
    baseline_value: float | None
    baseline_date: dt.date | None
    target_value: float | None
    target_date: dt.date | None
    partner_ask: str | None
    asked_services: list[str]
    progress: float | None
    progress_reason: NotComputed | None
    on_track: bool | None
    on_track_reason: NotComputed | None
    latest: float | None
    last_measured_on: dt.date | None
    days_to_target: int | None
    covered: bool
    aligned: list[AlignedAgreement]


class SummaryGap(BaseModel):
    goal_id: uuid.UUID
    title: str
    area: GoalArea
    priority: int | None
    partner_ask: str | None
    asked_services: list[str]


class SummaryPartner(BaseModel):
    partner_id: uuid.UUID
    name: str
    goals: int = Field(description="Goals of the year its agreements are aligned to.")


class SchoolSummary(BaseModel):
    as_of: dt.date
    school_year: str
    version: int = Field(description="The school's version; the ETag covers the whole summary.")
    school: SummarySchool
    key_contacts: list[SummaryContact]
    goals: list[GoalSummary] = Field(description="The school's goals of the year, by priority.")
    gaps: list[SummaryGap] = Field(description="Active goals no active agreement is aligned to.")
    partners: list[SummaryPartner] = Field(description="Partners aligned to any goal of the year.")
