"""Every table, imported in one place for Alembic and the test database."""

from api.core.db import Base
from api.core.events import Event
from api.core.idempotency import IdempotencyKey
from api.directory.models import District, Person, RoleAssignment, School

metadata = Base.metadata

__all__ = ["District", "Event", "IdempotencyKey", "Person", "RoleAssignment", "School", "metadata"]
