"""Pydantic bases shared by every area's request and response models."""

import datetime as dt
import functools
import types
import typing
import uuid
from typing import Annotated, Any, ClassVar, Literal

import email_validator
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError


def _not_special_use(names: list[str]) -> str:
    """ECMA regex for an address whose domain is none of `names` nor under one of them."""
    tlds = "|".join(sorted(names))
    # A domain with a dot and a top-level label ending in a letter, as the validator asks.
    return rf"^[^@]+@(?!(?:[^@]*\.)?(?:{tlds})$)[^@]+\.[^@.]*[A-Za-z]$"


# The validator refuses reserved domains (`.test`, `.local`, ...); the published schema says so.
Email = Annotated[
    EmailStr,
    Field(
        json_schema_extra={"pattern": _not_special_use(email_validator.SPECIAL_USE_DOMAIN_NAMES)}
    ),
]

# Every integer a client sends is bounded by what its column holds, so an
# out-of-range number is a 422 naming the field, never a database error.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]


JSON_SCALARS = (int, float, bool, dt.date, dt.datetime)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def refuse_timestamp(value: Any) -> Any:
    """A date is written as a date: lax mode would read `0` or `"0.5"` as a Unix time."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or _is_number(value):
        raise PydanticCustomError("date_type", "Input should be an RFC 3339 date or date-time")
    return value


# Dates and times in a query string, written as RFC 3339 text.
QueryDate = Annotated[dt.date, BeforeValidator(refuse_timestamp)]
QueryDateTime = Annotated[dt.datetime, BeforeValidator(refuse_timestamp)]


@functools.cache
def _json_kind(annotation: Any) -> type | None:
    """The scalar of `JSON_SCALARS` that every non-null choice of a field's type is, if any."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _json_kind(typing.get_args(annotation)[0])
    if origin is Literal:
        kinds = {type(choice) for choice in typing.get_args(annotation)}
        return kinds.pop() if len(kinds) == 1 and kinds <= {int, bool} else None
    if origin in (typing.Union, types.UnionType):
        choices = [choice for choice in typing.get_args(annotation) if choice is not type(None)]
        found = {_json_kind(choice) for choice in choices}
        return found.pop() if len(found) == 1 else None
    return annotation if annotation in JSON_SCALARS else None


@functools.cache
def _list_item(annotation: Any) -> Any:
    """The item type of `list[X]`, `list[X] | None` or an annotated one; else None."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _list_item(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        items = {_list_item(choice) for choice in typing.get_args(annotation)} - {None}
        return items.pop() if len(items) == 1 else None
    if origin in (list, set, frozenset):
        return typing.get_args(annotation)[0]
    return None


@functools.cache
def _scalar_kinds(model: type[BaseModel]) -> dict[str, tuple[type | None, type | None]]:
    """Each field's JSON scalar and its list items' scalar, worked out once per model:
    read per field of every row, the annotations cost a bulk upsert a fifth of its time."""
    kinds: dict[str, tuple[type | None, type | None]] = {}
    for name, field in model.model_fields.items():
        annotation: Any = field.annotation
        kinds[name] = (_json_kind(annotation), _json_kind(_list_item(annotation)))
    return kinds


def _refuse_lax_scalar(kind: type | None, value: Any) -> None:
    if kind is None:
        return
    if kind is int and isinstance(value, bool | str | bytes):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if kind is float and isinstance(value, bool | str | bytes):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    if kind is bool and value is not None and not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "Input should be a valid boolean")
    if kind in (dt.date, dt.datetime) and value is not None:
        refuse_timestamp(value)


class RequestModel(BaseModel):
    """Request bodies refuse unknown fields so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def refuse_lax_scalars(cls, value: Any, info: ValidationInfo) -> Any:
        """JSON `false` is not the number 0 and `1` is not `true`, whatever lax mode says.

        FastAPI validates a parsed body in Python mode, where pydantic would coerce both
        (and `"3"` to 3). A whole float (`3.0`) stays accepted: JSON Schema counts it as an
        integer. Lists of scalars are checked item by item.
        """
        if info.field_name is None:
            return value
        kind, item_kind = _scalar_kinds(cls)[info.field_name]
        if isinstance(value, list):
            for element in value:
                _refuse_lax_scalar(item_kind, element)
            return value
        _refuse_lax_scalar(kind, value)
        return value


def _refuse_null_in_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The published schema of a merge patch allows null only where null clears a field."""
    required: frozenset[str] = getattr(model, "required_fields", frozenset())
    for name, field in schema.get("properties", {}).items():
        choices = field.get("anyOf")
        if name not in required or not choices:
            continue
        kept = [choice for choice in choices if choice != {"type": "null"}]
        del field["anyOf"]
        field.pop("default", None)
        if len(kept) == 1:
            field.update(kept[0])
        else:
            field["anyOf"] = kept


class MergePatch(RequestModel):
    """JSON merge patch (RFC 7396): absent leaves a field, null clears it.

    Fields listed in `required_fields` may be changed but not cleared.
    """

    model_config = ConfigDict(json_schema_extra=_refuse_null_in_schema)
    required_fields: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def refuse_clearing_required(self) -> "MergePatch":
        cleared = sorted(
            name
            for name in self.model_fields_set & self.required_fields
            if getattr(self, name) is None
        )
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class RecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="Time-ordered UUID (v7).")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(description="Bumped on every write; the ETag is this number.")


class BulkRowResult(BaseModel):
    index: int = Field(description="Position of the row in the request.")
    status: str = Field(description="`created`, `updated`, `unchanged` or `error`.")
    id: uuid.UUID | None = None
    version: int | None = None
    errors: list[dict[str, Any]] | None = None


class BulkResult(BaseModel):
    atomic: bool
    created: int
    updated: int
    unchanged: int
    failed: int
    results: list[BulkRowResult]
