"""Every table, imported in one place for Alembic and the test database."""

from api.auth.models import ApiClient, RefreshToken, User
from api.core.db import Base
from api.core.events import Event
from api.core.idempotency import IdempotencyKey
from api.directory.models import District, Person, RoleAssignment, School

metadata = Base.metadata

__all__ = [
    "ApiClient",
    "District",
    "Event",
    "IdempotencyKey",
    "Person",
    "RefreshToken",
    "RoleAssignment",
    "School",
    "User",
    "metadata",
]
