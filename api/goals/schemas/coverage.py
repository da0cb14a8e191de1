"""Goal coverage, gaps and the partners suggested for them."""

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.goals.vocabulary import GoalArea


class AreaCoverage(BaseModel):
    area: GoalArea
    goals: int = Field(description="Goals of the area, any status.")
    active: int = Field(description="Goals whose status is `active`.")
    covered: int = Field(description="Goals with at least one active aligned agreement.")
    gaps: int = Field(description="Active goals with no active aligned agreement.")


class CoverageTotals(BaseModel):
    goals: int
    active: int
    covered: int
    gaps: int
    coverage: float | None = Field(description="covered active / active; null with no active goal.")


class SuggestedPartner(BaseModel):
    partner_id: uuid.UUID
    name: str
    score: int = Field(description="Higher fits better; the reasons add up to it.")
    reasons: list[str] = Field(
        description="Codes: `offers_asked_service`, `offers_service_for_area`, "
        "`focus_area_fits`, `works_in_district`, `works_at_similar_schools`."
    )


class Gap(BaseModel):
    goal_id: uuid.UUID
    title: str
    area: GoalArea
    priority: int | None
    school_id: uuid.UUID | None
    district_id: uuid.UUID
    asked_services: list[str]
    suggested_partners: list[SuggestedPartner]


class UnalignedAgreement(BaseModel):
    agreement_id: uuid.UUID
    title: str
    partner_id: uuid.UUID
    partner_name: str
    end_date: dt.date


class AlignmentMetrics(BaseModel):
    as_of: dt.date
    school_year: str
    totals: CoverageTotals
    areas: list[AreaCoverage] = Field(description="Areas with at least one goal.")
    gaps: list[Gap] = Field(description="Uncovered active goals, by priority; at most `limit`.")
    unaligned_agreements: list[UnalignedAgreement] = Field(
        description="Active agreements in scope supporting no goal of the year; at most `limit`."
    )
    unaligned_agreement_count: int
