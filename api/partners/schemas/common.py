"""Field types shared by the partners area's request and response models."""

from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

T = TypeVar("T")

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


# The published form of `distinct`: the schema says a list holds each value once.
UNIQUE_ITEMS: dict[str, Any] = {"uniqueItems": True}


def distinct(values: list[T]) -> list[T]:
    """Checked as the body is read, so a patch repeating a value is a 422 before any If-Match."""
    if len(set(values)) != len(values):
        raise ValueError("lists the same value twice")
    return values


# A list field written with these holds each value once, in the schema and on the server.
UNIQUE = (AfterValidator(distinct), Field(json_schema_extra=UNIQUE_ITEMS))

# A patch's list item either names an existing one by `id` or is a new one, complete.
KEEPS_ONE: dict[str, Any] = {"required": ["id"], "properties": {"id": {"type": "string"}}}


def new_one_with(*names: str) -> dict[str, Any]:
    return {
        "required": list(names),
        "properties": {name: {"not": {"type": "null"}} for name in names},
    }


# At most 12 digits before the point and 2 after, as a JSON number or a decimal string.
Amount = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 999999999999.99, "multipleOf": 0.01},
                {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"},
            ]
        }
    ),
]
