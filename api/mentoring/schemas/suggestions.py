"""Match suggestions, as the API answers them."""

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from api.mentoring.vocabulary import FitReason, SameSchool, UnmatchedReason


class ParticipantBrief(BaseModel):
    id: uuid.UUID = Field(description="The participant (an enrolment in the programme).")
    person_id: uuid.UUID | None = Field(description="The person; null for an imported record.")
    name: str | None = Field(description="Given and family name, when the person is known.")
    school_id: uuid.UUID | None = Field(description="Where they work.")


class FitReasonRead(BaseModel):
    code: FitReason
    points: float = Field(description="What this reason adds to the pair's score.")
    text: str = Field(description="The reason, for people.", examples=["Both work in math."])


class MatchProposal(BaseModel):
    """The body to POST to `/mentoring/matches` to accept the suggestion."""

    program_id: uuid.UUID
    mentor_id: uuid.UUID
    mentee_id: uuid.UUID
    score: float
    status: Literal["proposed"] = "proposed"


class SuggestedPair(BaseModel):
    mentor: ParticipantBrief
    mentee: ParticipantBrief
    score: float = Field(description="The sum of the reasons' points.")
    reasons: list[FitReasonRead]
    accept: MatchProposal


class UnmatchedMentee(BaseModel):
    mentee: ParticipantBrief
    reason: UnmatchedReason = Field(
        description="`no_allowed_mentor`: every mentor is barred (their supervisor, themselves, "
        "or at their school when avoiding that); `no_capacity`: the mentors who may take "
        "them have no places left."
    )
    text: str


class MatchSuggestions(BaseModel):
    program_id: uuid.UUID
    same_school: SameSchool
    mentors_considered: int = Field(description="Mentors still enrolled.")
    places: int = Field(
        description="Their places left: each mentor's capacity (the programme's target "
        "caseload when unset) less their proposed and active matches."
    )
    mentees_unmatched: int = Field(
        description="Mentees still enrolled with no proposed or active match."
    )
    suggested: int = Field(description="Pairs in the assignment (all of them, whatever `limit`).")
    total_score: float = Field(description="The assignment's total score.")
    pairs: list[SuggestedPair] = Field(description="Best score first, at most `limit`.")
    unmatched_total: int
    unmatched: list[UnmatchedMentee] = Field(description="At most `limit`.")
