"""`Idempotency-Key` on POST: a retry returns the first answer and creates nothing new.

Answers are kept for a limited time (`TRELLIS_IDEMPOTENCY_KEY_HOURS`): an older one is
never replayed, and each keyed request purges its caller's expired answers. Operations
whose answer holds a secret (tokens, client secrets) store nothing: their routes refuse
the header (see `transactions.NonIdempotentRoute`).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import LargeBinary, SmallInteger, String, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from starlette.responses import Response

from api.core.db import Base, JSONDocument, UTCDateTime, utcnow
from api.core.errors import Unprocessable

REPLAYED_HEADERS = ("content-type", "location", "etag")
MAX_KEY_LENGTH = 200
# Two-key advisory locks live apart from the single-key ones other writers take.
LOCK_CLASS = 1


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(SmallInteger)
    headers: Mapped[dict[str, str]] = mapped_column(JSONDocument)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


@dataclass(frozen=True)
class IdempotentRequest:
    owner: str
    key: str
    fingerprint: str


def idempotent_request(
    owner: str, key: str, method: str, target: str, body: bytes, if_match: str | None = None
) -> IdempotentRequest:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise Unprocessable(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.")
    request_line = f"{method} {target}" + ("" if if_match is None else f"\nIf-Match: {if_match}")
    digest = hashlib.sha256(request_line.encode() + b"\n" + body).hexdigest()
    return IdempotentRequest(owner, key, digest)


async def stored_response(
    session: AsyncSession, request: IdempotentRequest, kept_for: dt.timedelta
) -> Response | None:
    """The first answer to this request if it is recent; expired answers of the same
    caller are deleted first, so the key can be used again."""
    if session.get_bind().dialect.name == "postgresql":
        # Retries of one request arriving together wait here for the first to commit, then
        # replay its answer instead of racing it to a unique-key conflict. SQLite needs no
        # lock: the delete below already takes its single writer lock.
        await session.execute(
            select(func.pg_advisory_xact_lock(LOCK_CLASS, func.hashtext(_lock_name(request))))
        )
    await session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.owner == request.owner, IdempotencyKey.created_at < utcnow() - kept_for
        )
    )
    row = await session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.owner == request.owner, IdempotencyKey.key == request.key
        )
    )
    if row is None:
        return None
    if row.fingerprint != request.fingerprint:
        raise Unprocessable(
            "This Idempotency-Key was already used for a different request; use a new key."
        )
    headers = dict(row.headers) | {"Idempotent-Replayed": "true"}
    return Response(row.body, row.status_code, headers=headers)


def _lock_name(request: IdempotentRequest) -> str:
    # A header value never holds a line break, so the two parts cannot run together.
    return f"{request.owner}\n{request.key}"


def remember_response(
    session: AsyncSession, request: IdempotentRequest, response: Response
) -> None:
    session.add(
        IdempotencyKey(
            owner=request.owner,
            key=request.key,
            fingerprint=request.fingerprint,
            status_code=response.status_code,
            headers={k: v for k, v in response.headers.items() if k in REPLAYED_HEADERS},
            body=bytes(response.body),
        )
    )
