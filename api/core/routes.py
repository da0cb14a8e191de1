"""What a resource's routes answer with, so every area answers alike.

How to add a resource
---------------------
An area writes itself what is its own, and calls these helpers for the rest:

- `schemas.py`: `ThingCreate`, `ThingUpdate` (all optional: a merge patch),
  `ThingRead`, and `ThingUpsert` for bulk.
- `service/things.py`: the scoped queries and rules (`filtered` built with
  `api.core.filtering`, `listed` returning an `api.core.listing.ListQuery`,
  `get_thing`, `create_thing`, `update_thing`, `delete_thing`, `ThingRows` for
  `api.core.bulk`, `SORTABLE` an `api.core.sort_order.SortOrder`). Services never
  commit and know nothing of HTTP.
- `routes/things.py`: the filters (`filter_params` from `api.core.listing`, with
  `Q`, `UpdatedSince` from `api.core.params`), then one decorated function per route
  with its own signature, decorator and docstring (the OpenAPI contract: the
  function's name is the operationId, `update_thing` -> `updateThing`; the decorator
  declares `response_model`, `status_code`, the area's `responses=` and
  `openapi_extra=` `IF_MATCH` or `IF_NONE_MATCH` from `api.core.openapi`). Each body
  parses, authorises, calls the service once and answers with a helper below:

      list    `listing: ThingList` (`Listing` read by `list_params(filters, SORTABLE)`), then
              `return await listing.answer(session, service.listed(scope, listing.filters),
              COLUMNS, "things.csv")`: one page as JSON, or for `Accept: text/csv`
              (`application/x-ndjson`) the whole filtered list streamed
      get     `return read_response(request, thing, ThingRead)`
      create  `return created_record(request, thing, ThingRead, "get_thing", thing_id=thing.id)`
      patch   `thing = if_match(request, await service.get_thing(...))`,
              `await service.update_thing(..., thing, body)`,
              `return read_response(request, thing, ThingRead)`
      delete  `thing = if_match(request, await service.get_thing(...))`,
              `await service.delete_thing(..., thing)`, `return no_content()`
      bulk    `return await upsert(body, service.ThingRows(scope))`, `upsert: Upsert` in the
              signature bringing the session and the `atomic` query parameter

`api/directory/routes/districts.py` is the smallest whole example to copy.
The router is `APIRouter(prefix="/things", route_class=TransactionalRoute)`: that
class commits once per request and replays a POST's `Idempotency-Key`, and the
app's error handlers render what services raise as problem+json, so a route
does nothing for either. A body holding more than the record (related records,
values derived from today) answers with `composite=True`, so its ETag covers
all of it.
"""

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response, StreamingResponse

from api.core.bulk import BulkRows, bulk_upsert
from api.core.csv_export import csv_response, ndjson_response, wants_ndjson
from api.core.etag import check_if_match
from api.core.http import BulkRequest, fields_of, record_response
from api.core.params import Atomic
from api.core.schemas import BulkResult
from api.core.transactions import Session, database


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


def read_response(request: Request, record: Any, schema: type[BaseModel]) -> Response:
    """The record as `schema` shows it, with its ETag (304 for a matching `If-None-Match`)."""
    return record_response(request, fields_of(record, schema))


def created_response(
    request: Request,
    body: Mapping[str, Any],
    route: str,
    *,
    composite: bool = False,
    **path_params: Any,
) -> Response:
    """201 with the new record, its ETag and a `Location` naming the route that reads it."""
    location = str(request.url_for(route, **path_params))
    return record_response(request, body, status_code=201, location=location, composite=composite)


def created_record(
    request: Request, record: Any, schema: type[BaseModel], route: str, **path_params: Any
) -> Response:
    """201 with the record as `schema` shows it (see `created_response`)."""
    return created_response(request, fields_of(record, schema), route, **path_params)


def if_match(request: Request, record: V) -> V:
    """The record, once an `If-Match` header (when sent) names its current version; else 412."""
    check_if_match(request, record.version)
    return record


def no_content() -> Response:
    return Response(status_code=204)


def csv_list(
    request: Request, statement: Select[Any], columns: Sequence[str], filename: str
) -> StreamingResponse:
    """The whole filtered list as CSV, or as NDJSON when asked, streamed on its own
    connection from a server-side cursor, paging ignored."""
    if wants_ndjson(request):
        stem = filename.removesuffix(".csv")
        return ndjson_response(database(request), statement, columns, f"{stem}.ndjson")
    return csv_response(database(request), statement, columns, filename)


async def bulk_answer(
    request: Request,
    session: AsyncSession,
    body: BulkRequest[Any],
    rows: BulkRows[Any],
    atomic: bool,
) -> BulkResult:
    """Each row's answer, after refusing more rows than the settings allow."""
    items = body.rows(request.app.state.settings.bulk_max_rows)
    return await bulk_upsert(session, items, rows, atomic=atomic)


class BulkUpsert:
    """What a bulk route takes besides its rows and their rules: the request's session and
    `atomic` (all rows or none)."""

    def __init__(self, request: Request, session: Session, atomic: Atomic = False) -> None:
        self.request, self.session, self.atomic = request, session, atomic

    async def __call__(self, body: BulkRequest[Any], rows: BulkRows[Any]) -> BulkResult:
        return await bulk_answer(self.request, self.session, body, rows, self.atomic)


Upsert = Annotated[BulkUpsert, Depends()]
