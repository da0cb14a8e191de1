"""Partner organisations and their people."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field

from api.core.schemas import Email, MergePatch, RecordRead, RequestModel
from api.directory.schemas import (
    City,
    ExternalId,
    Name,
    Phone,
    ShortText,
    StateCode,
    Website,
    Zip,
)
from api.directory.vocabulary import Channel
from api.partners.schemas.common import UNIQUE, Ein, LongText
from api.partners.vocabulary import PartnerKind, PartnerStatus, ServiceCategory


class PartnerFields(BaseModel):
    name: Name
    kind: PartnerKind
    description: LongText | None = None
    website: Website | None = None
    email: Email | None = None
    phone: Phone | None = None
    street: ShortText | None = None
    city: City | None = None
    state: StateCode | None = None
    zip: Zip | None = None
    focus_areas: Annotated[list[ServiceCategory], *UNIQUE] = Field(
        default_factory=list, description="What the organisation offers, as service categories."
    )
    status: PartnerStatus = PartnerStatus.prospective
    ein: Ein | None = None
    external_id: ExternalId | None = Field(
        None, description="The district system's id for this partner; unique."
    )


class PartnerCreate(PartnerFields, RequestModel):
    pass


class PartnerUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"name", "kind", "focus_areas", "status"})

    name: Name | None = None
    kind: PartnerKind | None = None
    description: LongText | None = None
    website: Website | None = None
    email: Email | None = None
    phone: Phone | None = None
    street: ShortText | None = None
    city: City | None = None
    state: StateCode | None = None
    zip: Zip | None = None
    focus_areas: Annotated[list[ServiceCategory], *UNIQUE] | None = None
    status: PartnerStatus | None = None
    ein: Ein | None = None
    external_id: ExternalId | None = None


class PartnerUpsert(PartnerCreate):
    id: uuid.UUID | None = Field(
        None, description="Match on this id; otherwise on `ein`, then `external_id`."
    )


class PartnerRead(PartnerFields, RecordRead):
    pass


class PartnerPerson(BaseModel):
    """A person working at the partner, with the role assignment that places them there."""

    person_id: uuid.UUID
    given_name: str
    family_name: str
    email: str | None
    phone: str | None
    preferred_channel: Channel | None
    verified_at: dt.datetime | None
    assignment_id: uuid.UUID
    role: str
    title: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    is_primary: bool
