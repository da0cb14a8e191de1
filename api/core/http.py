"""Shaping responses: records with ETags, pages with Link headers, bulk bodies."""

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from fastapi import Request
from pydantic import BaseModel, Field, SkipValidation
from starlette.responses import Response

from api.core.errors import Unprocessable
from api.core.etag import composite_etag, etag_for, not_modified
from api.core.pagination import PageResult, page_body, page_headers
from api.core.responses import FastJSONResponse, json_bytes

T = TypeVar("T", bound=BaseModel)


def fields_of(record: Any, schema: type[BaseModel]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in schema.model_fields}


def record_response(
    request: Request,
    body: Mapping[str, Any],
    *,
    status_code: int = 200,
    location: str | None = None,
    composite: bool = False,
) -> Response:
    """A record with its ETag, or 304 when `If-None-Match` names that very tag.

    `composite=True` for a body that embeds more than the record (related records,
    figures derived from them or from today): its tag then covers the whole body
    (see `api.core.etag`), at the cost of hashing it, 304 or not.
    """
    version = int(body["version"])
    content = json_bytes(dict(body)) if composite else None
    etag = composite_etag(version, content) if content is not None else etag_for(version)
    headers = {"ETag": etag}
    if location:
        headers["Location"] = location
    if status_code == 200 and request.method == "GET" and not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if content is not None:
        return Response(content, status_code, headers, media_type="application/json")
    return FastJSONResponse(dict(body), status_code=status_code, headers=headers)


def page_response(
    request: Request, result: PageResult, columns: Sequence[str] | None = None
) -> Response:
    rows = result.rows
    items = list(rows) if columns is None else [{c: row[c] for c in columns} for row in rows]
    return FastJSONResponse(page_body(items, result), headers=page_headers(request, result))


class BulkRequest(BaseModel, Generic[T]):
    """Rows are validated one by one, so one bad row does not reject the rest."""

    items: SkipValidation[list[T]] = Field(description="Rows to create or update.")

    def rows(self, max_rows: int) -> list[Any]:
        if not isinstance(self.items, list):
            raise Unprocessable("items must be a list of objects.")
        if len(self.items) > max_rows:
            raise Unprocessable(f"At most {max_rows} rows per request; got {len(self.items)}.")
        return list(self.items)
