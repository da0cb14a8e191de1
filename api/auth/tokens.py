"""Short-lived signed access tokens (JWT, HS256)."""

import datetime as dt
import time
import uuid
from dataclasses import dataclass

import jwt

from api.core.db import utcnow

ALGORITHM = "HS256"
AUDIENCE = "trellis-api"


@dataclass(frozen=True)
class AccessClaims:
    kind: str
    subject_id: uuid.UUID
    session_id: uuid.UUID | None
    expires: float


def issue_access_token(
    key: str, kind: str, subject_id: uuid.UUID, minutes: int, session_id: uuid.UUID | None = None
) -> str:
    now = utcnow()
    claims: dict[str, object] = {
        "sub": f"{kind}:{subject_id}",
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + dt.timedelta(minutes=minutes),
        "jti": uuid.uuid4().hex,
    }
    if session_id is not None:
        claims["sid"] = str(session_id)
    return jwt.encode(claims, key, algorithm=ALGORITHM)


_verified: dict[tuple[str, str], tuple[AccessClaims, float]] = {}
_VERIFIED_MAX = 4096


def read_access_token(key: str, token: str) -> AccessClaims | None:
    """Verify a token once per process; later requests with it only check the expiry.

    Only the signature check is remembered: revocation is checked on every request.
    """
    cached = _verified.get((key, token))
    if cached is not None:
        known, expires = cached
        if time.time() < expires:
            return known
        del _verified[(key, token)]
        return None
    claims = _verify(key, token)
    if claims is not None:
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified[(key, token)] = (claims, claims.expires)
    return claims


def _verify(key: str, token: str) -> AccessClaims | None:
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "sub"]},
        )
        kind, _, subject = str(claims["sub"]).partition(":")
        if kind not in ("user", "client"):
            return None
        session = claims.get("sid")
        return AccessClaims(
            kind, uuid.UUID(subject), uuid.UUID(session) if session else None, float(claims["exp"])
        )
    except (jwt.InvalidTokenError, ValueError):
        return None
