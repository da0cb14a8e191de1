"""The impact metrics' answer: the pyramid of planned outcomes, each figure with its n and method."""

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

N = Field(description="How many people, pairs, answers or matches the figure rests on.")
METHOD = Field(description="How the figure is computed: the definition, test or interval used.")
WITHHELD = Field(
    description='Why the value is null: "n below 5" (too few to mean anything), or no spread.'
)


class Figure(BaseModel):
    n: int = N
    value: float | None = Field(description="Null when withheld.")
    method: str = METHOD
    withheld_reason: str | None = WITHHELD


class Enrolled(BaseModel):
    participations: int
    people: int
    mentors: int
    mentees: int
    method: str = METHOD


class ActiveMatches(BaseModel):
    n: int = N
    method: str = METHOD


class CheckInRate(Figure):
    check_ins: int | None
    match_months: float | None


class Adherence(Figure):
    adherent: int | None = Field(description="Matches within their cadence.")


class Caseload(BaseModel):
    n: int = Field(description="Mentors (or coaches) with an active match.")
    mean_caseload: float | None
    mean_target: float | None
    mean_ratio_to_target: float | None
    over_target: int | None = Field(description="Mentors above their programme's target.")
    method: str = METHOD
    withheld_reason: str | None = WITHHELD


class Participation(BaseModel):
    enrolled: Enrolled
    active_matches: ActiveMatches
    check_ins_per_match_month: CheckInRate
    cadence_adherence: Adherence
    caseload: Caseload


class ResponseRate(Figure):
    responders: int


class ItemSatisfaction(BaseModel):
    survey_id: uuid.UUID
    survey_name: str
    item_id: uuid.UUID
    position: int
    text: str
    mean: Figure
    response_rate: ResponseRate


class Satisfaction(BaseModel):
    items: list[ItemSatisfaction]


class PairedChange(BaseModel):
    n: int = Field(description="Pairs: participations with both a pre and a post.")
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None = Field(description="Mean of post - pre.")
    ci_low: float | None = Field(description="95% confidence interval of the mean change.")
    ci_high: float | None
    effect_size_dz: float | None = Field(description="Cohen's d_z: mean change / sd of changes.")
    p_value: float | None = Field(description="Two-sided paired t test.")
    method: str = METHOD
    withheld_reason: str | None = WITHHELD


class SurveyGrowth(BaseModel):
    survey_id: uuid.UUID
    survey_name: str
    change: PairedChange


class Growth(BaseModel):
    surveys: list[SurveyGrowth]


class DimensionChange(BaseModel):
    dimension: str
    change: PairedChange


class Performance(BaseModel):
    dimensions: list[DimensionChange]


class Proportion(BaseModel):
    n: int = N
    count: int | None = Field(description="Retained.")
    value: float | None
    ci_low: float | None
    ci_high: float | None
    method: str = METHOD
    withheld_reason: str | None = WITHHELD


class Difference(BaseModel):
    n: int = Field(description="Mentees.")
    comparison_n: int = Field(description="Comparable staff who were not mentored.")
    value: float | None = Field(description="Mentees' retention - comparison's.")
    ci_low: float | None
    ci_high: float | None
    method: str = METHOD
    withheld_reason: str | None = WITHHELD


class Retention(BaseModel):
    cohort_from: dt.date = Field(description="First enrolment or role start counted.")
    cohort_to: dt.date
    mentees: Proportion
    comparison: Proportion
    difference: Difference
    method: str = METHOD


class Results(BaseModel):
    retention_12_months: Retention


class ImpactPeriod(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: dt.date = Field(alias="from")
    to: dt.date


class MentoringImpact(BaseModel):
    period: ImpactPeriod
    participation: Participation
    satisfaction: Satisfaction
    growth: Growth
    performance: Performance
    results: Results
