"""Versions as ETags: `If-None-Match` for cheap re-reads, `If-Match` against lost updates."""

from fastapi import Request

from api.core.errors import PreconditionFailed


def etag_for(version: int) -> str:
    return f'"{version}"'


def _listed_tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


def not_modified(request: Request, version: int) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = _listed_tags(header)
    return "*" in tags or etag_for(version) in tags


def check_if_match(request: Request, version: int) -> None:
    """Refuse a write made against an older version than the stored one."""
    header = request.headers.get("if-match")
    if header is None:
        return
    tags = {tag.strip() for tag in header.split(",")}
    if "*" in tags or etag_for(version) in tags:
        return
    raise PreconditionFailed(
        f"The record is at version {version}; your copy is older. "
        "Fetch it again, reapply your change and retry.",
        current_version=version,
    )
