"""Column mappings: which CSV column (or template of columns) feeds which Trellis field.

A mapping is given by name (a ready-made one, see `ready_made`) or as a JSON object;
either way it is checked here, and against the file's header before any row is read.
"""

import json
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from api.core.crud import validation_as_row_errors
from api.core.errors import Unprocessable
from api.directory.schemas import StateCode
from api.directory.vocabulary import StaffRole
from api.integrations.spreadsheets.cells import columns_of, normalised
from api.partners.vocabulary import PartnerKind, ServiceCategory

Source = str
"""A column name, or a template such as `TX-{District Number}`."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class PeopleColumns(Strict):
    given_name: Source | None = None
    family_name: Source | None = None
    full_name: Source | None = Field(None, description="Split into given and family name.")
    email: Source | None = None
    phone: Source | None = None
    title: Source | None = Field(None, description="Kept as the role's free-text title.")
    role: Source | None = Field(None, description="Read through the mapping's `roles`.")
    external_id: Source | None = Field(None, description="The person's id in your system.")
    school_nces_id: Source | None = None
    school_state_id: Source | None = None
    school_name: Source | None = Field(None, description="Matched within the row's district.")
    district_nces_id: Source | None = None
    district_state_id: Source | None = None
    district_name: Source | None = None

    SCHOOL_KEYS: ClassVar[tuple[str, ...]] = ("school_nces_id", "school_state_id", "school_name")
    DISTRICT_KEYS: ClassVar[tuple[str, ...]] = (
        "district_nces_id",
        "district_state_id",
        "district_name",
    )

    @property
    def places_schools(self) -> bool:
        return any(getattr(self, key) for key in self.SCHOOL_KEYS)


class PeopleMapping(Strict):
    columns: PeopleColumns
    roles: dict[str, StaffRole] = Field(
        default_factory=dict, description="A role cell's text (any case) -> Trellis role."
    )
    default_role: StaffRole | None = Field(None, description="For rows whose role is empty.")
    state: StateCode | None = Field(None, description="Names are matched in this state only.")

    @field_validator("roles")
    @classmethod
    def comparable(cls, roles: dict[str, StaffRole]) -> dict[str, StaffRole]:
        return {normalised(text): role for text, role in roles.items()}

    @model_validator(mode="after")
    def complete(self) -> Self:
        columns = self.columns
        if not (columns.full_name or (columns.given_name and columns.family_name)):
            raise ValueError("map full_name, or both given_name and family_name")
        if not any(getattr(columns, key) for key in (*columns.SCHOOL_KEYS, *columns.DISTRICT_KEYS)):
            raise ValueError("map at least one school_* or district_* column to place people")
        if columns.school_name and not any(getattr(columns, k) for k in columns.DISTRICT_KEYS):
            raise ValueError("school_name is matched within a district: map a district_* column")
        if not (columns.role or self.default_role):
            raise ValueError("map a role column, or give default_role")
        return self


class PartnersColumns(Strict):
    agency: Source = Field(description="The partner organisation's name.")
    ein: Source | None = None
    external_id: Source | None = None
    phone: Source | None = None
    programme: Source | None = Field(None, description="Read through the mapping's `programmes`.")
    site: Source | None = Field(None, description="The site's name, matched to a school.")
    site_nces_id: Source | None = None
    site_state_id: Source | None = None
    city: Source | None = Field(None, description="The site's city or borough.")


class PartnersMapping(Strict):
    columns: PartnersColumns
    kind: PartnerKind = Field(PartnerKind.other, description="The kind of the partners created.")
    programmes: dict[str, ServiceCategory] = Field(
        default_factory=dict, description="A programme's name -> the service category it offers."
    )
    default_category: ServiceCategory | None = Field(
        None, description="For programmes `programmes` does not name; none leaves them out."
    )
    state: StateCode | None = Field(None, description="Sites are matched in this state only.")
    city_aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="A city cell -> the cities the directory may write for it "
        "(a borough -> its post-office names).",
    )

    @field_validator("programmes")
    @classmethod
    def comparable_programmes(
        cls, programmes: dict[str, ServiceCategory]
    ) -> dict[str, ServiceCategory]:
        return {normalised(name): category for name, category in programmes.items()}

    @field_validator("city_aliases")
    @classmethod
    def comparable_cities(cls, aliases: dict[str, list[str]]) -> dict[str, list[str]]:
        return {normalised(k): [normalised(city) for city in v] for k, v in aliases.items()}


MappingT = TypeVar("MappingT", bound=Strict)


def parse_mapping(
    model: type[MappingT],
    ready_made: Mapping[str, dict[str, Any]],
    name_or_json: str | dict[str, Any],
) -> MappingT:
    """A ready-made mapping by name, or one given as JSON (text or already parsed)."""
    raw: Any = name_or_json
    if isinstance(name_or_json, str):
        text = name_or_json.strip()
        if text in ready_made:
            raw = ready_made[text]
        elif text.startswith("{"):
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as not_json:
                raise _bad_mapping(f"the mapping is not valid JSON: {not_json.msg}") from None
        else:
            known = ", ".join(sorted(ready_made))
            raise _bad_mapping(f"no ready-made mapping is named {text!r}; known: {known}")
    if not isinstance(raw, dict):
        raise _bad_mapping("the mapping must be a JSON object")
    try:
        return model.model_validate(raw)
    except ValidationError as invalid:
        errors: list[dict[str, Any]] = validation_as_row_errors(invalid)
        for found in errors:
            found["loc"] = ["mapping", *found["loc"]]
        raise Unprocessable("The column mapping is not valid.", errors=errors) from None


def require_columns(columns: BaseModel, header: Iterable[str]) -> None:
    """Refuse a mapping naming a column the file's header lacks, naming each such column."""
    present = set(header)
    missing = [
        (field, column)
        for field, source in columns.model_dump(exclude_none=True).items()
        for column in columns_of(source)
        if column not in present
    ]
    if missing:
        listed = ", ".join(f"{column!r} (for {field})" for field, column in missing)
        raise Unprocessable(
            f"The file has no column {listed}.",
            errors=[
                {
                    "loc": ["mapping", "columns", field],
                    "msg": f"the file has no column {column!r}",
                    "type": "unknown_column",
                }
                for field, column in missing
            ],
        )


def _bad_mapping(message: str) -> Unprocessable:
    return Unprocessable(
        f"The column mapping is not valid: {message}.",
        errors=[{"loc": ["mapping"], "msg": message, "type": "value_error"}],
    )
