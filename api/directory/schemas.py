import datetime as dt
import uuid
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from api.core.schemas import (
    Count,
    Email,
    MergePatch,
    RecordRead,
    RequestModel,
)
from api.directory.vocabulary import (
    GRADE_RANK,
    LOCALE_TYPES,
    US_STATES,
    Channel,
    Grade,
    LocaleType,
    SchoolLevel,
    SchoolStatus,
    StaffRole,
    Subject,
)


def _known_state(value: str) -> str:
    upper = value.upper()
    if upper not in US_STATES:
        raise ValueError(f"'{value}' is not a US state or territory code")
    return upper


def _known_locale(value: int) -> int:
    if value not in LOCALE_TYPES:
        raise ValueError("NCES locale codes are 11-13, 21-23, 31-33 or 41-43")
    return value


def _any_case(code: str) -> str:
    return "".join(f"[{letter.upper()}{letter.lower()}]" for letter in code)


Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
StateCode = Annotated[
    str,
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(_known_state),
    Field(
        description="Two-letter postal code, any case.",
        examples=["CA"],
        # What `_known_state` accepts, stated in the published schema.
        json_schema_extra={"pattern": f"^(?:{'|'.join(_any_case(c) for c in sorted(US_STATES))})$"},
    ),
]
NcesSchoolId = Annotated[
    str,
    Field(
        pattern=r"^\d{12}$",
        max_length=12,
        description="NCES NCESSCH, 12 digits.",
        examples=["060429013779"],
    ),
]
NcesLeaId = Annotated[
    str,
    Field(
        pattern=r"^\d{7}$", max_length=7, description="NCES LEAID, 7 digits.", examples=["0604290"]
    ),
]
ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
LocaleCode = Annotated[
    int,
    Field(
        ge=11,
        le=43,
        description="NCES urban-centric locale code.",
        examples=[21],
        json_schema_extra={"enum": sorted(LOCALE_TYPES)},
    ),
    AfterValidator(_known_locale),
]
Zip = Annotated[str, Field(pattern=r"^\d{5}(-\d{4})?$", max_length=10, examples=["92223"])]
Phone = Annotated[str, StringConstraints(min_length=3, max_length=40)]
Website = Annotated[
    str,
    StringConstraints(max_length=500, pattern=r"^https?://"),
    Field(examples=["https://example.org"]),
]
ShortText = Annotated[str, StringConstraints(max_length=200)]
City = Annotated[str, StringConstraints(max_length=100)]
AgencyType = Annotated[str, StringConstraints(max_length=80)]


class DistrictFields(BaseModel):
    name: Name
    nces_leaid: NcesLeaId | None = None
    state_district_id: ExternalId | None = None
    state: StateCode
    street: ShortText | None = None
    city: City | None = None
    zip: Zip | None = None
    phone: Phone | None = None
    website: Website | None = None
    agency_type: AgencyType | None = Field(
        None, description="NCES agency type, e.g. `Regular Local`."
    )
    locale_code: LocaleCode | None = None


class DistrictCreate(DistrictFields, RequestModel):
    pass


class DistrictUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"name", "state"})

    name: Name | None = None
    nces_leaid: NcesLeaId | None = None
    state_district_id: ExternalId | None = None
    state: StateCode | None = None
    street: ShortText | None = None
    city: City | None = None
    zip: Zip | None = None
    phone: Phone | None = None
    website: Website | None = None
    agency_type: AgencyType | None = None
    locale_code: LocaleCode | None = None


class DistrictUpsert(DistrictCreate):
    id: uuid.UUID | None = Field(None, description="Match on this id; otherwise on an external id.")


class DistrictRead(DistrictFields, RecordRead):
    pass


class SchoolFields(BaseModel):
    name: Name
    district_id: uuid.UUID
    nces_id: NcesSchoolId | None = None
    state_school_id: ExternalId | None = None
    level: SchoolLevel = SchoolLevel.other
    grade_low: Grade | None = Field(None, description="Lowest grade offered, as NCES writes it.")
    grade_high: Grade | None = Field(None, description="Highest grade offered.")
    locale_code: LocaleCode | None = None
    street: ShortText | None = None
    city: City | None = None
    state: StateCode
    zip: Zip | None = None
    phone: Phone | None = None
    website: Website | None = None
    status: SchoolStatus = SchoolStatus.open
    is_charter: bool | None = None
    is_magnet: bool | None = None
    is_title_i: bool | None = None
    enrollment: Count | None = None


class SchoolCreate(SchoolFields, RequestModel):
    state: StateCode | None = Field(  # type: ignore[assignment]
        None,
        description="Two-letter postal code; taken from the district when omitted, "
        "and must match it when given.",
        examples=["CA"],
    )

    @model_validator(mode="after")
    def grade_span_in_order(self) -> Self:
        low, high = GRADE_RANK.get(self.grade_low or ""), GRADE_RANK.get(self.grade_high or "")
        if low is not None and high is not None and low > high:
            raise ValueError("grade_low is above grade_high")
        return self


class SchoolUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"name", "district_id", "level", "state", "status"}
    )

    name: Name | None = None
    district_id: uuid.UUID | None = None
    nces_id: NcesSchoolId | None = None
    state_school_id: ExternalId | None = None
    level: SchoolLevel | None = None
    grade_low: Grade | None = None
    grade_high: Grade | None = None
    locale_code: LocaleCode | None = None
    street: ShortText | None = None
    city: City | None = None
    state: StateCode | None = None
    zip: Zip | None = None
    phone: Phone | None = None
    website: Website | None = None
    status: SchoolStatus | None = None
    is_charter: bool | None = None
    is_magnet: bool | None = None
    is_title_i: bool | None = None
    enrollment: Count | None = None


class SchoolUpsert(SchoolCreate):
    id: uuid.UUID | None = Field(None, description="Match on this id; otherwise on an external id.")


class SchoolRead(SchoolFields, RecordRead):
    locale_type: LocaleType | None = Field(None, description="Derived from `locale_code`.")


class DistrictSummary(BaseModel):
    id: uuid.UUID
    name: str
    nces_leaid: str | None
    state: str


class KeyContact(BaseModel):
    person_id: uuid.UUID
    given_name: str
    family_name: str
    role: StaffRole
    title: str | None
    email: str | None
    phone: str | None
    verified_at: dt.datetime | None


class SchoolDetail(SchoolRead):
    district: DistrictSummary
    key_contacts: list[KeyContact] = Field(
        description="Current principal(s) and partnerships coordinator(s); empty for a "
        "partner organisation, which sees a school's public data but not its staff."
    )


# A merge patch's handles replace the record's whole, so they carry the same bounds.
SocialHandles = dict[
    Annotated[str, StringConstraints(min_length=1, max_length=40)],
    Annotated[str, StringConstraints(max_length=200)],
]


class PersonFields(BaseModel):
    given_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    family_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    email: Email | None = None
    phone: Phone | None = None
    preferred_channel: Channel | None = None
    social_handles: SocialHandles = Field(default_factory=dict, examples=[{"linkedin": "jane-doe"}])
    notes: Annotated[str, StringConstraints(max_length=5000)] | None = None
    is_active: bool = True
    sis_id: ExternalId | None = Field(None, description="The district system's person id.")


class PersonCreate(PersonFields, RequestModel):
    pass


class PersonUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"given_name", "family_name", "social_handles", "is_active"}
    )

    given_name: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    family_name: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    email: Email | None = None
    phone: Phone | None = None
    preferred_channel: Channel | None = None
    social_handles: SocialHandles | None = None
    notes: Annotated[str, StringConstraints(max_length=5000)] | None = None
    is_active: bool | None = None
    sis_id: ExternalId | None = None


class PersonUpsert(PersonCreate):
    id: uuid.UUID | None = Field(None, description="Match on this id; otherwise on `sis_id`.")


class PersonRead(PersonFields, RecordRead):
    verified_at: dt.datetime | None = Field(
        None, description="When someone last confirmed these contact details."
    )
    verified_by: str | None = None


class PersonVerify(RequestModel):
    note: Annotated[str, StringConstraints(max_length=500)] | None = None


class RoleAssignmentFields(BaseModel):
    person_id: uuid.UUID
    school_id: uuid.UUID | None = Field(
        None, description="Exactly one of school_id, district_id or partner_id."
    )
    district_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = Field(
        None, description="A partner organisation's staff member or volunteer."
    )
    role: StaffRole
    title: ShortText | None = None
    subjects: list[Subject] = Field(default_factory=list)
    grade_levels: list[Grade] = Field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = Field(None, description="Open end means the assignment is current.")
    is_primary: bool = False


def _check_assignment(fields: "RoleAssignmentFields | RoleAssignmentCreate") -> None:
    places = (fields.school_id, fields.district_id, fields.partner_id)
    if sum(place is not None for place in places) != 1:
        raise ValueError("give exactly one of school_id, district_id or partner_id")
    if fields.start_date and fields.end_date and fields.end_date < fields.start_date:
        raise ValueError("end_date is before start_date")


def _only_place(place: str) -> dict[str, Any]:
    others = [name for name in ASSIGNMENT_PLACES if name != place]
    return {
        "required": [place],
        "properties": {place: {"type": "string"}} | {name: {"type": "null"} for name in others},
    }


ASSIGNMENT_PLACES = ("school_id", "district_id", "partner_id")


class RoleAssignmentCreate(RoleAssignmentFields, RequestModel):
    """A role at exactly one place: `school_id`, `district_id` or `partner_id` (else 422)."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [_only_place(place) for place in ASSIGNMENT_PLACES]}
    )

    @model_validator(mode="after")
    def one_place_and_ordered_dates(self) -> Self:
        _check_assignment(self)
        return self


class RoleAssignmentUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"person_id", "role", "subjects", "grade_levels", "is_primary"}
    )

    person_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    district_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    role: StaffRole | None = None
    title: ShortText | None = None
    subjects: list[Subject] | None = None
    grade_levels: list[Grade] | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    is_primary: bool | None = None


class RoleAssignmentRead(RoleAssignmentFields, RecordRead):
    pass
