"""Agreements with their services, resources and communication plan; lifecycle bodies."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.directory.schemas import ExternalId, Name, ShortText, Website
from api.directory.vocabulary import Channel, Grade, Subject
from api.partners.lifecycle import Action
from api.partners.schemas.common import (
    KEEPS_ONE,
    UNIQUE,
    Amount,
    Note,
    new_one_with,
)
from api.partners.vocabulary import (
    RESOURCE_UNITS,
    AgreementStatus,
    Cadence,
    ResourceType,
    ServiceCategory,
)


class ServiceFields(BaseModel):
    category: ServiceCategory
    subject: Subject | None = None
    grade_levels: list[Grade] = Field(default_factory=list)
    description: Annotated[str, StringConstraints(max_length=5000)] | None = None
    target_students: int | None = Field(
        None, ge=0, le=1_000_000, description="Students the service aims to reach."
    )
    frequency: ShortText | None = Field(None, examples=["twice a week, 45 minutes"])


class ServiceInput(ServiceFields, RequestModel):
    id: uuid.UUID | None = Field(
        None, description="On update: keep this existing service (and its id) and change it."
    )


class ServicePatch(RequestModel):
    """A service in a patch: with an `id`, only the fields given change."""

    id: uuid.UUID | None = None
    category: ServiceCategory | None = None
    subject: Subject | None = None
    grade_levels: list[Grade] | None = None
    description: Annotated[str, StringConstraints(max_length=5000)] | None = None
    target_students: int | None = Field(None, ge=0, le=1_000_000)
    frequency: ShortText | None = None

    model_config = ConfigDict(json_schema_extra={"anyOf": [KEEPS_ONE, new_one_with("category")]})

    @model_validator(mode="after")
    def new_ones_complete(self) -> Self:
        if self.id is None and self.category is None:
            raise ValueError("a new service needs a category")
        return self


class ServiceRead(ServiceFields):
    id: uuid.UUID


LARGEST_AMOUNT = Decimal("999999999999.99")  # NUMERIC(14, 2)


class ResourceFields(BaseModel):
    type: ResourceType
    amount: Amount = Field(examples=[25000])
    unit: str | None = Field(
        None, description="`USD` for funding and in-kind value, `hours` for time; set for you."
    )
    note: Note | None = None


class ResourceInput(ResourceFields, RequestModel):
    id: uuid.UUID | None = Field(
        None, description="On update: keep this existing resource (and its id) and change it."
    )

    @model_validator(mode="after")
    def unit_matches_type(self) -> Self:
        expected = RESOURCE_UNITS[self.type]
        if self.unit is not None and self.unit != expected:
            raise ValueError(f"{self.type} is counted in {expected}, not {self.unit}")
        self.unit = expected
        return self


class ResourcePatch(RequestModel):
    """A resource in a patch: with an `id`, only the fields given change."""

    id: uuid.UUID | None = None
    type: ResourceType | None = None
    amount: Amount | None = None
    unit: str | None = None
    note: Note | None = None

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [KEEPS_ONE, new_one_with("type", "amount")]}
    )

    @model_validator(mode="after")
    def new_ones_complete(self) -> Self:
        if self.id is None and (self.type is None or self.amount is None):
            raise ValueError("a new resource needs a type and an amount")
        return self


class ResourceRead(BaseModel):
    id: uuid.UUID
    type: ResourceType
    amount: float
    unit: str
    note: str | None


class CommunicationPlan(BaseModel):
    cadence: Cadence | None = Field(None, description="How often the partners plan to meet.")
    channels: Annotated[list[Channel], *UNIQUE] = Field(default_factory=list)
    school_contact_id: uuid.UUID | None = Field(
        None, description="Holds a current role at one of the agreement's schools (or district)."
    )
    partner_contact_id: uuid.UUID | None = Field(
        None, description="Holds a current role at the partner."
    )
    escalation_contact_id: uuid.UUID | None = Field(
        None, description="Holds a current role at the partner or on the school side."
    )
    next_meeting_date: dt.date | None = None


class CommunicationPlanInput(CommunicationPlan, RequestModel):
    pass


class CommunicationPlanPatch(MergePatch):
    """Merged into the current plan: absent fields stay, null clears."""

    required_fields: ClassVar[frozenset[str]] = frozenset({"channels"})

    cadence: Cadence | None = None
    channels: Annotated[list[Channel], *UNIQUE] | None = None
    school_contact_id: uuid.UUID | None = None
    partner_contact_id: uuid.UUID | None = None
    escalation_contact_id: uuid.UUID | None = None
    next_meeting_date: dt.date | None = None


SchoolIds = Annotated[
    list[uuid.UUID],
    *UNIQUE,
    Field(
        max_length=500,
        description="The schools served, all in one district; empty for a district-wide agreement.",
    ),
]


class AgreementCreate(RequestModel):
    """An agreement covers schools (`school_ids`), or a whole district (`district_id`
    without schools); a body naming neither is refused with 422."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["school_ids"], "properties": {"school_ids": {"minItems": 1}}},
                {"required": ["district_id"], "properties": {"district_id": {"type": "string"}}},
            ]
        }
    )
    partner_id: uuid.UUID
    school_ids: SchoolIds = Field(default_factory=list)
    district_id: uuid.UUID | None = Field(
        None,
        description="The district that is party to it; found from the schools when omitted. "
        "With no schools, the agreement is district-wide.",
    )
    title: Name
    reference_code: ExternalId | None = Field(None, description="Your MOU number; unique.")
    start_date: dt.date
    end_date: dt.date
    signed_date: dt.date | None = None
    document_url: Website | None = Field(None, description="Where the signed document lives.")
    services: list[ServiceInput] = Field(default_factory=list, max_length=50)
    resources: list[ResourceInput] = Field(default_factory=list, max_length=50)
    communication_plan: CommunicationPlanInput = Field(default_factory=CommunicationPlanInput)

    @model_validator(mode="after")
    def consistent(self) -> Self:
        if not self.school_ids and self.district_id is None:
            raise ValueError("name the schools, or the district for a district-wide agreement")
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        for kind in ResourceType:
            # The agreement keeps each kind's total in a column as wide as one amount.
            total = sum(r.amount for r in self.resources if r.type is kind)
            if total > LARGEST_AMOUNT:
                raise ValueError(f"the {kind} resources add up to more than {LARGEST_AMOUNT}")
        return self


class AgreementUpdate(MergePatch):
    """A merge patch; `services` and `resources` replace the lists (items with an `id` keep it)."""

    required_fields: ClassVar[frozenset[str]] = frozenset(
        {
            "partner_id",
            "school_ids",
            "title",
            "start_date",
            "end_date",
            "services",
            "resources",
            "communication_plan",
        }
    )

    partner_id: uuid.UUID | None = None
    school_ids: SchoolIds | None = None
    district_id: uuid.UUID | None = None
    title: Name | None = None
    reference_code: ExternalId | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    signed_date: dt.date | None = None
    document_url: Website | None = None
    services: list[ServicePatch] | None = Field(None, max_length=50)
    resources: list[ResourcePatch] | None = Field(None, max_length=50)
    communication_plan: CommunicationPlanPatch | None = None


class AgreementHealth(BaseModel):
    last_interaction_on: dt.date | None
    days_since_last_interaction: int | None
    cadence_days: int | None = Field(description="The planned cadence in days.")
    overdue: bool = Field(
        description="Active, and no interaction (or start) for more than 1.5 x the cadence."
    )
    open_action_items: int
    overdue_action_items: int = Field(description="Open and past their due date.")


class AgreementRead(RecordRead):
    partner_id: uuid.UUID
    school_ids: list[uuid.UUID]
    district_id: uuid.UUID = Field(description="The district that is party to the agreement.")
    district_wide: bool = Field(description="No schools named: it covers the whole district.")
    title: str
    reference_code: str | None
    status: AgreementStatus = Field(
        description="`expired` is an active agreement whose end date has passed."
    )
    start_date: dt.date
    end_date: dt.date
    signed_date: dt.date | None
    document_url: str | None
    status_reason: str | None = Field(description="Why it was terminated or withdrawn.")
    status_changed_at: dt.datetime | None
    terminated_on: dt.date | None
    renews_id: uuid.UUID | None = Field(description="The agreement this one renews.")
    renewed_by_id: uuid.UUID | None = Field(description="The agreement that renews this one.")
    communication_plan: CommunicationPlan
    services: list[ServiceRead]
    resources: list[ResourceRead]
    allowed_actions: list[Action] = Field(description="Lifecycle actions allowed now.")
    health: AgreementHealth


class ActivateRequest(RequestModel):
    signed_date: dt.date | None = Field(None, description="Defaults to the stored one, or today.")


class TerminateRequest(RequestModel):
    reason: Note


class WithdrawRequest(RequestModel):
    reason: Note | None = None


class RenewRequest(RequestModel):
    title: Name | None = None
    reference_code: ExternalId | None = None
    start_date: dt.date | None = Field(None, description="Defaults to the day after this ends.")
    end_date: dt.date | None = Field(None, description="Defaults to a term as long as this one.")

    @model_validator(mode="after")
    def dates_in_order(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self
