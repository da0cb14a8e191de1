"""What the webhooks API takes and answers."""

import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field, field_validator

from api.core.events import Operation
from api.core.schemas import MergePatch, RequestModel
from api.integrations.webhooks.addresses import shape_problem
from api.integrations.webhooks.event_types import MAX_PATTERN_LENGTH, PATTERN
from api.integrations.webhooks.models import MAX_URL_LENGTH

Url = Annotated[
    str,
    Field(
        min_length=8,
        max_length=MAX_URL_LENGTH,
        description="Where deliveries are POSTed: an http or https URL on a public address.",
        examples=["https://sis.example.org/trellis/webhooks"],
    ),
]
EventPattern = Annotated[str, Field(max_length=MAX_PATTERN_LENGTH, pattern=PATTERN)]
EventTypes = Annotated[
    list[EventPattern],
    Field(
        min_length=1,
        max_length=50,
        description="`resource.operation` patterns, `*` for any part: `schools.*`, "
        "`agreements.update`, `*.delete`, or `*` for every event you may read.",
        examples=[["schools.*", "agreements.update"]],
    ),
]


def _url_shape(url: str) -> str:
    problem = shape_problem(url)
    if problem:
        raise ValueError(f"url {problem}")
    return url


class WebhookCreate(RequestModel):
    url: Url
    event_types: EventTypes = Field(default_factory=lambda: ["*"])
    description: str | None = Field(None, max_length=200)

    check_url = field_validator("url")(_url_shape)


class WebhookUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset({"url", "event_types", "active"})

    url: Url | None = None
    event_types: EventTypes | None = None
    description: str | None = Field(None, max_length=200)
    active: bool | None = Field(
        None, description="`false` pauses deliveries; `true` resumes a disabled subscription."
    )

    @field_validator("url")
    @classmethod
    def check_url(cls, url: str | None) -> str | None:
        return None if url is None else _url_shape(url)


class WebhookRead(BaseModel):
    id: uuid.UUID
    url: str
    event_types: list[str]
    description: str | None
    active: bool
    disabled_at: dt.datetime | None = Field(description="When deliveries were stopped.")
    disabled_reason: str | None = Field(description="Why: paused by you, or sustained failure.")
    owner: str = Field(description="`user:<id>` or `client:<id>`: whose scope it receives.")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class WebhookWithSecret(WebhookRead):
    secret: str = Field(
        description="The signing secret (Standard Webhooks `whsec_...`), shown only in this "
        "answer: keep it now. After a rotation the old secret also signs for 24 hours."
    )


class DeliveryRead(BaseModel):
    id: int = Field(description="The event's sequence number, unique within the subscription.")
    event_type: str = Field(examples=["schools.update"])
    resource_id: uuid.UUID
    status: str = Field(description="`pending`, `delivered` or `failed` (retries ran out).")
    attempts: int
    next_attempt_at: dt.datetime | None = Field(description="When pending: the next try.")
    last_status_code: int | None = Field(description="The receiver's last HTTP status.")
    last_error: str | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None


class WebhookEventTypes(BaseModel):
    resources: list[str] = Field(
        description="Each resource whose changes are events, named as `GET /events` names "
        "them: the first part of an event type.",
        examples=[["schools", "agreements", "mentoring_matches"]],
    )
    operations: list[Operation] = Field(
        description="The second part: `create`, `update`, `delete`, or `visible` (a record "
        "newly within the subscriber's scope; administrators, who see everything, never "
        "receive it)."
    )
    pattern: str = Field(
        description="The regular expression each of `event_types` must match: "
        "`resource.operation`, `*` for either part, or `*` alone for every event.",
        examples=[PATTERN],
    )
