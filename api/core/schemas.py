"""Pydantic bases shared by every area's request and response models."""

import datetime as dt
import uuid
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Every integer a client sends is bounded by what its column holds, so an
# out-of-range number is a 422 naming the field, never a database error.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]


class RequestModel(BaseModel):
    """Request bodies refuse unknown fields so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
