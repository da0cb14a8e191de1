"""Field types shared by the partners area's request and response models."""

from typing import Annotated, Any

from pydantic import Field, StringConstraints

LongText = Annotated[str, StringConstraints(max_length=20_000)]
Note = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Ein = Annotated[
    str,
    Field(
        pattern=r"^\d{2}-\d{7}$",
        max_length=10,
        description="US employer identification number (EIN) of the organisation.",
        examples=["94-1234567"],
    ),
]


def unique(values: list[Any], name: str) -> None:
    if len(set(values)) != len(values):
        raise ValueError(f"{name} lists the same value twice")
