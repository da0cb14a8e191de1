"""Caseloads, as the API answers them."""

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.mentoring.schemas.suggestions import ParticipantBrief
from api.mentoring.vocabulary import CaseloadAlert, ProgramKind, SupportTier


class CaseloadAlertRead(BaseModel):
    code: CaseloadAlert
    text: str


class TierCounts(BaseModel):
    """Open matches by the support tier of the mentee's school in the programme."""

    intensive: int
    targeted: int
    universal: int
    untiered: int = Field(description="Mentees at a school with no tier there, or no school.")


class SiteServed(BaseModel):
    school_id: uuid.UUID
    name: str
    tier: SupportTier | None = Field(description="The school's tier in the programme.")
    mentees: int = Field(description="Open matches with mentees working there.")


class MentorCaseload(BaseModel):
    mentor: ParticipantBrief
    program_id: uuid.UUID
    program_name: str
    program_kind: ProgramKind
    open_matches: int = Field(description="Proposed and active matches.")
    active_matches: int
    proposed_matches: int
    weighted_caseload: float = Field(
        description="Each open match counts for the caseload weight of the mentee's school "
        "tier in the programme (1 without a tier)."
    )
    target: int = Field(description="The programme's target caseload.")
    capacity: int = Field(description="The mentor's capacity; the target when unset.")
    over_capacity: bool = Field(description="The weighted caseload is above capacity.")
    alerts: list[CaseloadAlertRead]
    tiers: TierCounts
    sites: list[SiteServed] = Field(description="Schools the open matches reach.")


class CaseloadReport(BaseModel):
    as_of: dt.date
    mentors_total: int = Field(description="Mentors and coaches matching the filters.")
    over_capacity_total: int
    open_matches_total: int
    items: list[MentorCaseload] = Field(
        description="Over capacity first, then the heaviest weighted caseload; at most `limit`."
    )
