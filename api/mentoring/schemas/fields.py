"""Field types the mentoring area's core resources share."""

from typing import Annotated, Any

from pydantic import Field, StringConstraints

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Tags = Annotated[list[Tag], Field(max_length=50)]
ExternalId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    Field(description="The record's id in another system, for bulk upserts."),
]
CadenceDays = Annotated[int, Field(ge=1, le=365, description="Days between check-ins.")]
Caseload = Annotated[int, Field(ge=1, le=100)]


def unique(values: list[Any], name: str) -> None:
    if len(set(values)) != len(values):
        raise ValueError(f"{name} lists the same value twice")
