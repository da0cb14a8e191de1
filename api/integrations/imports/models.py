"""Import jobs: an uploaded file, what to do with it, and what came of it."""

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument, UTCDateTime
from api.core.records import RecordMixin

MAX_REASON_LENGTH = 2000


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    dry_run_ready = "dry_run_ready"  # a dry run's diff is ready; `apply` runs it for real
    succeeded = "succeeded"
    failed = "failed"
    refused = "refused"  # the shrink guard stopped it; nothing was written
    cancelled = "cancelled"


FINISHED = frozenset(
    {JobStatus.succeeded, JobStatus.failed, JobStatus.refused, JobStatus.cancelled}
)


class ImportJob(RecordMixin, Base):
    __tablename__ = "import_jobs"
    __table_args__ = (
        # What workers claim: queued jobs, oldest first.
        Index(
            "ix_import_jobs_queued",
            "created_at",
            postgresql_where=text("status = 'queued'"),
            sqlite_where=text("status = 'queued'"),
        ),
        Index("ix_import_jobs_district_created", "district_id", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.queued.value)
    dry_run: Mapped[bool] = mapped_column(default=False)
    allow_shrink: Mapped[bool] = mapped_column(default=False)
    overwrite_edited: Mapped[bool] = mapped_column(default=False)
    # The kind's own options (district, programme, column mapping), as the request gave them.
    options: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    # The district the job imports into; None for an administrator's import of anything.
    district_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("districts.id", ondelete="SET NULL")
    )
    file_name: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(Integer)
    file: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    created_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, int]] = mapped_column(JSONDocument, default=dict)
    # [{"line", "file", "message"}], capped; `error_count` is the full number.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    # [{"action", "resource", "id", "keys", "fields"}], capped; `counts` has the totals.
    diff: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    reason: Mapped[str | None] = mapped_column(String(MAX_REASON_LENGTH))
