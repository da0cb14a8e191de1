"""The columns every resource carries: a time-ordered id, timestamps and a version."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Integer, Uuid
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from uuid_utils.compat import uuid7

from api.core.db import UTCDateTime, utcnow


def new_id() -> uuid.UUID:
    return uuid7()


class RecordMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # The ORM adds "AND version = :old" to every UPDATE/DELETE, so a stale
        # writer fails in SQL even when two requests race past the If-Match check.
        return {"version_id_col": cls.version}
