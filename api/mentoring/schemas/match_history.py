"""What a match-history import answers, and the match-level metrics."""

import datetime as dt

from pydantic import BaseModel, Field


class LineIssue(BaseModel):
    line: int = Field(description="The line of the file (the header is line 1).")
    column: str = Field(description="The file's column at fault.")
    message: str = Field(description="What is wrong; never the cell's value.")


class MatchImportResult(BaseModel):
    atomic: bool
    lines: int = Field(description="Data lines read (the header not counted).")
    created: int = Field(description="Matches created.")
    updated: int = Field(description="Matches changed by the file.")
    unchanged: int = Field(description="Matches the file already matched.")
    failed: int = Field(description="Lines refused (see `errors`); with atomic=false only.")
    participants_created: int = Field(
        description="Mentors and mentees created, known only by the file's ids."
    )
    errors: list[LineIssue]
    warnings: list[LineIssue] = Field(
        description="Lines imported with a value left out, and why (e.g. a closure date "
        "before the activation date)."
    )


class StageCount(BaseModel):
    stage: str | None = Field(description="The source system's stage; null when not imported.")
    count: int


class ReasonCount(BaseModel):
    reason: str | None = Field(description="The closure reason; null when none was given.")
    count: int


class SourceProgramCounts(BaseModel):
    source_program: str | None = Field(description="The source system's programme name.")
    matches: int
    open: int = Field(description="Proposed or active.")
    completed: int
    ended_early: int


class LengthQuartiles(BaseModel):
    n: int = Field(description="Matches whose length is known.")
    q1: float | None
    median: float | None
    q3: float | None
    method: str = Field(description="How the quantiles are computed.")
    withheld: str | None = Field(description="Why the figures are withheld (n below 5).")


class TwelveMonths(BaseModel):
    n: int = Field(description="Matches whose 12-month outcome is known (see `rule`).")
    reached: int
    share: float | None = Field(description="reached / n; null when withheld.")
    rule: str
    withheld: str | None = Field(description="Why the share is withheld (n below 5).")


class MatchHistoryMetrics(BaseModel):
    as_of: dt.date = Field(description="The day open matches' lengths run to.")
    matches: int
    by_status: dict[str, int] = Field(description="Every match status, zeros included.")
    by_stage: list[StageCount]
    by_source_program: list[SourceProgramCounts]
    closure_reasons: list[ReasonCount] = Field(
        description="Ended matches (completed or ended early) by closure reason, most first."
    )
    length_months: LengthQuartiles
    reached_12_months: TwelveMonths
