"""Every table, imported in one place for Alembic and the test database."""

from api.auth.models import ApiClient, RefreshToken, User
from api.core.db import Base
from api.core.events import Event, EventPlace
from api.core.idempotency import IdempotencyKey
from api.directory.models import District, Person, RoleAssignment, School
from api.partners.models import (
    ActionItem,
    Agreement,
    AgreementResource,
    AgreementSchool,
    AgreementService,
    Interaction,
    InteractionAttendee,
    Partner,
)

metadata = Base.metadata

__all__ = [
    "ActionItem",
    "Agreement",
    "AgreementResource",
    "AgreementSchool",
    "AgreementService",
    "ApiClient",
    "District",
    "Event",
    "EventPlace",
    "IdempotencyKey",
    "Interaction",
    "InteractionAttendee",
    "Partner",
    "Person",
    "RefreshToken",
    "RoleAssignment",
    "School",
    "User",
    "metadata",
]
