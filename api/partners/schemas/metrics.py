"""Partnership rollups."""

import datetime as dt

from pydantic import BaseModel, Field

from api.partners.vocabulary import MetricsGroup


class StatusCounts(BaseModel):
    draft: int
    proposed: int
    active: int
    expired: int
    terminated: int
    withdrawn: int
    total: int


class ExpiringCounts(BaseModel):
    within_30_days: int
    within_60_days: int
    within_90_days: int


class OverdueFigures(BaseModel):
    n: int = Field(description="Active agreements with a planned cadence.")
    overdue: int
    share: float | None = Field(description="overdue / n; null when n is 0.")


class Rollup(BaseModel):
    agreements: StatusCounts
    expiring: ExpiringCounts = Field(description="Active agreements ending within N days.")
    overdue: OverdueFigures
    students_served_target: int = Field(description="Sum of service targets, active agreements.")
    funding_usd: float = Field(description="Funding committed by active agreements.")
    in_kind_usd: float
    volunteer_hours: float
    staff_hours: float


class RollupGroup(Rollup):
    key: str = Field(description="The district, school or partner id, or the service category.")
    name: str | None = None


class PartnershipMetrics(BaseModel):
    as_of: dt.date
    group_by: MetricsGroup | None
    totals: Rollup
    groups: list[RollupGroup] = Field(
        description="An agreement counts in every group it touches, so groups may sum to more."
    )
