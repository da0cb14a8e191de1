"""Versions as ETags: `If-None-Match` for cheap re-reads, `If-Match` against lost updates.

Every tag covers everything in its body. A plain record's tag is its version, `"7"`.
A body that embeds more than its record (a school with its district and key contacts,
an interaction with its action items, an agreement with its services and derived
status) is tagged `"7.<hash of the body>"`: its version changes only when the record
itself does, and a stale 304 would hide a new contact.

- `If-None-Match` compares whole tags, so a 304 means the very same body.
- `If-Match` guards a write to the record itself, so it compares only the version
  before the dot: the tag a client got from a detail GET works for PATCH and DELETE.
"""

import hashlib

from fastapi import Request

from api.core.errors import BadRequest, PreconditionFailed


def etag_for(version: int) -> str:
    return f'"{version}"'


def composite_etag(version: int, body: bytes) -> str:
    """The version, then a short hash of the serialized body it was sent with."""
    return f'"{version}.{hashlib.blake2b(body, digest_size=8).hexdigest()}"'


def _listed_tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


def not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = _listed_tags(header)
    return "*" in tags or etag in tags


def _version_of(tag: str) -> str | None:
    """`"7"` and `"7.<hash>"` both name version 7; a weak or unquoted tag names none."""
    if len(tag) < 2 or not tag.startswith('"') or not tag.endswith('"'):
        return None
    return tag[1:-1].split(".", 1)[0]


def check_if_match(request: Request, version: int) -> None:
    """Refuse a write made against an older version than the stored one."""
    header = request.headers.get("if-match")
    if header is None:
        return
    tags = {tag.strip() for tag in header.split(",")} - {""}
    if not tags:
        raise BadRequest(
            'If-Match names no entity tag: send the ETag of your copy (e.g. "3") or "*".',
            errors=[{"loc": ["header", "If-Match"], "msg": "empty", "type": "value_error"}],
        )
    if "*" in tags or str(version) in {_version_of(tag) for tag in tags}:
        return
    raise PreconditionFailed(
        f"The record is at version {version}; your copy is older. "
        "Fetch it again, reapply your change and retry.",
        current_version=version,
    )
