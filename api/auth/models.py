import datetime as dt
import uuid

from sqlalchemy import Boolean, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, JSONDocument, UTCDateTime, utcnow
from api.core.records import RecordMixin, new_id


class ScopedGrant:
    """Where a user or API client may act; ids are checked when granted."""

    role: Mapped[str] = mapped_column(String(20))
    district_ids: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    school_ids: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    partner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class User(RecordMixin, ScopedGrant, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ApiClient(RecordMixin, ScopedGrant, Base):
    __tablename__ = "api_clients"

    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(255))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class RefreshToken(Base):
    """One issued refresh token; a family is one sign-in and all its rotations."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_family", "family_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
