"""Signing secrets: made in the Standard Webhooks form, stored sealed with the server's key.

A receiver's HMAC needs the secret itself, so it cannot be stored as a hash. It is kept
encrypted instead: a keystream of HMAC-SHA256 over a random nonce, and a tag over nonce
and ciphertext (encrypt-then-MAC), both keys derived from TRELLIS_SIGNING_KEY. A copy of
the table alone reveals no secret.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32
NONCE_BYTES = 16
TAG_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(server_key: str, purpose: bytes) -> bytes:
    return hmac.new(
        server_key.encode(), b"trellis-webhook-secret:" + purpose, hashlib.sha256
    ).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    stream = b"".join(
        hmac.new(key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest() for i in range(blocks)
    )
    return stream[:length]


def seal(server_key: str, secret: str) -> str:
    plain = secret.encode()
    nonce = secrets.token_bytes(NONCE_BYTES)
    stream = _keystream(_key(server_key, b"encrypt"), nonce, len(plain))
    cipher = bytes(a ^ b for a, b in zip(plain, stream, strict=True))
    tag = hmac.new(_key(server_key, b"authenticate"), nonce + cipher, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(nonce + cipher + tag).decode()


class SealBroken(ValueError):
    """The sealed secret was altered, or sealed under another server key."""


def unseal(server_key: str, sealed: str) -> str:
    raw = base64.urlsafe_b64decode(sealed.encode())
    nonce, cipher, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    expected = hmac.new(_key(server_key, b"authenticate"), nonce + cipher, hashlib.sha256).digest()
    if not hmac.compare_digest(tag, expected):
        raise SealBroken("the webhook secret cannot be opened with this server's signing key")
    stream = _keystream(_key(server_key, b"encrypt"), nonce, len(cipher))
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=True)).decode()
