"""The change feed: ordered events for delta sync and audit."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Select, Text, cast, false, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from api.access.feed import named, on_places
from api.auth.deps import CallerScope
from api.core.collection import collector_paused
from api.core.driver_reads import fetch_built_rows
from api.core.events import Event, EventPlace, Operation
from api.core.pagination import with_query_param
from api.core.responses import FastJSONResponse
from api.core.schemas import INT64_MAX
from api.core.scope import Scope
from api.core.transactions import Session, TransactionalRoute
from api.integrations.feed_shown import EVENT_FIELDS, records_of, shown

router = APIRouter(route_class=TransactionalRoute, tags=["events"])
# A copy catching up on a million events reads them in a hundred pages.
MAX_PAGE = 10_000


class ParentRead(BaseModel):
    resource: str = Field(examples=["agreements"])
    id: uuid.UUID


class KeysRead(BaseModel):
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventRead(BaseModel):
    seq: int = Field(description="Strictly increasing; store the last one you applied.")
    occurred_at: dt.datetime
    actor: str
    resource: str = Field(examples=["schools"])
    resource_id: uuid.UUID
    operation: str = Field(
        description="`create`, `update`, `delete` (a tombstone), or `visible`: the record, "
        "unchanged, now reaches your scope (a person given a role at your school); apply "
        "it as an upsert of this version, as a `create`."
    )
    version: int
    changes: dict[str, Any] | None = Field(
        None, description="Changed fields as [before, after]; administrators only."
    )
    collection: str | None = Field(
        description="Where the resource's records are listed, e.g. `/api/v1/schools`.",
        examples=["/api/v1/schools"],
    )
    parent: ParentRead | None = Field(
        description="The record the resource belongs to: an interaction's agreement, a "
        "school's district, a measurement's goal."
    )
    keys: KeysRead | None = Field(
        description="The record's natural keys (NCES ids, state ids, SIS ids, EIN, external "
        "ids) before and after the event, so a copy that never saw our ids can apply it: "
        "`before` is null for a create, `after` for a delete (the tombstone)."
    )
    record: dict[str, Any] | None = Field(
        description="The record as you may read it now, as its resource's own read shows "
        "it; null for a delete, or when you can no longer read it. Its `version` may be "
        "newer than the event's when later events follow: apply it when it is newer than "
        "your copy's."
    )


class EventPage(BaseModel):
    items: list[EventRead]
    next_after: int = Field(
        description="Pass as `after` to read on; equals `after` when caught up."
    )


@dataclass(frozen=True)
class Window:
    """The part of the log one page reads: after a sequence number, of some resources,
    or of one record."""

    after: int
    limit: int
    resources: Sequence[str] | None
    record_id: uuid.UUID | None = None


def _of_window(stmt: Select[Any], window: Window) -> Select[Any]:
    if window.resources:
        stmt = stmt.where(Event.resource.in_(window.resources))
    if window.record_id is not None:
        stmt = stmt.where(Event.resource_id == window.record_id)
    return stmt


def _visible(scope: Scope, window: Window) -> Select[Any]:
    """The sequence numbers of the page's events in the caller's scope, as a union of one
    select per kind of place, each cut at the page size.

    Each select walks its own (place, seq) index from `after`, however far back that is;
    an OR of the places would make PostgreSQL filter the whole log from `after` instead,
    slow for a caller whose scope has been quiet while others wrote.
    """
    arms: list[Select[Any]] = []
    for condition in named(scope, Event):
        arm = _of_window(select(Event.seq).where(condition, Event.seq > window.after), window)
        arms.append(arm.order_by(Event.seq).limit(window.limit))
    for condition in on_places(scope):
        # An event may name two places of one caller: distinct, or the cut drops events.
        arm = (
            select(EventPlace.seq)
            .join(Event, Event.seq == EventPlace.seq)
            .where(condition, EventPlace.seq > window.after)
            .distinct()
        )
        arm = _of_window(arm, window)
        arms.append(arm.order_by(EventPlace.seq).limit(window.limit))
    if not arms:  # a grant of nothing
        return select(Event.seq).where(false())
    # SQLite takes ORDER BY and LIMIT in a compound select only inside a subquery.
    return select(union(*(arm.subquery().select() for arm in arms)).subquery())


def _text(document: Any) -> Any:
    # As the database wrote it: parsed by orjson, or passed on whole, not by the driver's
    # standard-library decoder (a fifth of a large page's time).
    return cast(document, Text).label(document.key)


@router.get("/events", response_model=EventPage)
async def list_events(
    request: Request,
    session: Session,
    scope: CallerScope,
    after: Annotated[
        int,
        Query(ge=0, le=INT64_MAX, description="Return events with a greater sequence number."),
    ] = 0,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_PAGE,
            description="Events per page; a system catching up reads fastest at the largest.",
        ),
    ] = 100,
    resource: Annotated[
        list[str] | None, Query(description="e.g. `schools`; repeat for any of.")
    ] = None,
    record_id: Annotated[
        uuid.UUID | None,
        Query(description="Only the events of this record: its history, as far as you may see it."),
    ] = None,
) -> Response:
    """Events in commit order, for polling deltas: every create, update and delete in your scope.

    The log is append-only: an event never changes, nor who sees it, so a client that
    applies every page from its last `seq` sees each change once, in order, and nothing
    ever appears below a sequence number it has read: events are numbered under a lock
    held until their transaction commits, so a higher number never commits first.

    Each event carries what a copy needs to apply it alone: the record as you may read it,
    its collection, its parent and its natural keys before and after (for a delete, the
    keys it last had), so deletes and re-keys apply in systems that never saw our ids. A person's events reach wherever
    they hold a role, a delete's tombstone too. A person is often created before any role
    places them: when a role first puts them at a school, district or partner, that place
    gets a new `visible` event for them (with their current version), just before the
    role's own event. Administrators, who see every record from its creation, get no
    `visible` events.
    """
    columns = [*EVENT_FIELDS, _text(Event.keys)]
    if scope.everything:
        columns.append(_text(Event.changes))
    window = Window(after, limit, resource, record_id)
    stmt = select(*columns).where(Event.seq > after)
    if scope.everything:
        stmt = _of_window(stmt.where(Event.operation != Operation.visible.value), window)
    else:
        stmt = stmt.where(Event.seq.in_(_visible(scope, window)))
    # A large page is tens of thousands of dicts alive until it is sent: the collector
    # would scan them again and again and free none (see `collector_paused`).
    with collector_paused():
        page = await _page(session, scope, stmt.order_by(Event.seq).limit(limit), after)
        headers = {}
        if len(page["items"]) == limit:
            next_page = with_query_param(request, "after", str(page["next_after"]))
            headers["Link"] = f'<{next_page}>; rel="next"'
        return FastJSONResponse(page, headers=headers)


async def _page(
    session: AsyncSession, scope: Scope, stmt: Select[Any], after: int
) -> dict[str, Any]:
    events = await fetch_built_rows(await session.connection(), stmt)
    for event in events:
        event["keys"] = orjson.loads(event["keys"]) if event["keys"] else None
        if "changes" in event and event["changes"] is not None:
            event["changes"] = orjson.Fragment(event["changes"])
    records = await records_of(session, scope, events)
    items = [shown(event, records) for event in events]
    return {"items": items, "next_after": items[-1]["seq"] if items else after}


class LatestRead(BaseModel):
    seq: int = Field(description="Pass as `after` to read only what happens from now on.")


@router.get("/events/latest", response_model=LatestRead)
async def latest_event(session: Session) -> Response:
    """The newest sequence number: after a full export, start reading the feed from it."""
    newest = await session.scalar(select(func.max(Event.seq)))
    return FastJSONResponse({"seq": newest or 0})
