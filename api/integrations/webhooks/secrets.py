"""Signing secrets: made in the Standard Webhooks form, stored sealed with the server's key.

A receiver's HMAC needs the secret itself, so it cannot be stored as a hash. It is kept
encrypted instead, with `cryptography`'s Fernet (AES-CBC with an HMAC tag) under a key
derived from TRELLIS_SIGNING_KEY by HKDF. A copy of the table alone reveals no secret.
"""

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _fernet(server_key: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"trellis-webhook-secret"
    ).derive(server_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(server_key: str, secret: str) -> str:
    return _fernet(server_key).encrypt(secret.encode()).decode()


class SealBroken(ValueError):
    """The sealed secret was altered, or sealed under another server key."""


def unseal(server_key: str, sealed: str) -> str:
    try:
        return _fernet(server_key).decrypt(sealed.encode()).decode()
    except InvalidToken as broken:
        raise SealBroken(
            "the webhook secret cannot be opened with this server's signing key"
        ) from broken
