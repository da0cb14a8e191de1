"""A goal's progress readings, one at a time and imported from CSV."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.core.schemas import MergePatch, RecordRead, RequestModel

# The column holds 18 digits, 4 of them decimals: a reading is rounded to what it keeps,
# so what a client sends compares equal to what it reads back (and a re-import is a no-op).
DECIMALS = 4
LARGEST = 10**14 - 1


def _kept(value: float) -> float:
    return round(value, DECIMALS)


Value = Annotated[
    float,
    Field(
        ge=-LARGEST,
        le=LARGEST,
        allow_inf_nan=False,
        description="The reading, in the goal's unit; kept to 4 decimals.",
        examples=[87.5],
    ),
    AfterValidator(_kept),
]
Source = Annotated[
    str,
    StringConstraints(max_length=100),
    Field(description="Where the reading comes from (a data system, a survey); may be empty."),
]
Note = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class MeasurementCreate(RequestModel):
    measured_on: dt.date = Field(description="The date the reading describes.")
    value: Value
    source: Source = ""
    note: Note | None = None


class MeasurementUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"measured_on", "value", "source"})

    measured_on: dt.date | None = None
    value: Value | None = None
    source: Source | None = None
    note: Note | None = None


class MeasurementRead(RecordRead):
    goal_id: uuid.UUID
    measured_on: dt.date
    value: float
    source: str
    note: str | None


class ImportLineError(BaseModel):
    line: int = Field(description="Line of the file, the header being line 1.")
    field: str = Field(description="The column as the file names it, or `row` for the whole line.")
    message: str
    type: str


class MeasurementImportResult(BaseModel):
    atomic: bool
    created: int
    updated: int
    unchanged: int
    failed: int = Field(description="Lines refused; with `atomic=true` this is always 0.")
    errors: list[ImportLineError] = Field(description="Every refused line, in file order.")
