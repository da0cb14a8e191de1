"""One session and one transaction per request, committed after the handler and
before the response is sent, so a failed commit is reported, not swallowed."""

import asyncio
import datetime as dt
import random
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, ClassVar

from fastapi import Depends, FastAPI, Header, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.responses import Response

from api.core.collisions import worth_another_try
from api.core.db import Database
from api.core.errors import BadRequest
from api.core.events import discard_events, flush_events, set_actor
from api.core.idempotency import (
    MAX_KEY_LENGTH,
    IdempotentRequest,
    idempotent_request,
    remember_response,
    stored_response,
)
from api.core.in_flight import InFlight

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENCY_HEADER = "Idempotency-Key"
# A write that collides with a concurrent one is played again this many times in all.
WRITE_ATTEMPTS = 5


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_session(request: Request) -> AsyncSession:
    session: AsyncSession | None = getattr(request.state, "session", None)
    if session is None:
        db = database(request)
        if request.method in SAFE_METHODS and db.read_sessionmaker is not None:
            session = db.read_sessionmaker()
        else:
            session = db.sessionmaker()
        actor = getattr(request.state, "actor", None)
        if actor is not None:
            set_actor(session, actor)
        request.state.session = session
    return session


async def read_connection(request: Request) -> AsyncConnection:
    """A connection for Core reads. A read request that has no session yet gets a
    plain autocommit connection: building and closing an ORM session would cost
    as much as the query."""
    session: AsyncSession | None = getattr(request.state, "session", None)
    db = database(request)
    if session is not None or db.reads is None or request.method not in SAFE_METHODS:
        return await get_session(request).connection()
    connection: AsyncConnection | None = getattr(request.state, "read_connection", None)
    if connection is None:
        connection = await db.reads.take()
        request.state.read_connection = connection
    return connection


async def request_session(request: Request) -> AsyncSession:
    # async: FastAPI runs a plain `def` dependency in its thread pool, a hop per request.
    return get_session(request)


Session = Annotated[AsyncSession, Depends(request_session)]
ReadConnection = Annotated[AsyncConnection, Depends(read_connection)]


def keys_in_flight(app: FastAPI) -> InFlight:
    queue: InFlight | None = getattr(app.state, "keys_in_flight", None)
    if queue is None:
        queue = app.state.keys_in_flight = InFlight()
    return queue


class ReplayStoredResponse(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def request_owner(request: Request) -> str:
    """Who a request acts for; the auth layer sets it, scripts without it share one owner."""
    return str(getattr(request.state, "actor", "anonymous"))


async def idempotency_guard(
    request: Request,
    session: Session,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_HEADER,
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="Any unique string; a retry with the same key returns the first answer.",
        ),
    ] = None,
) -> None:
    if idempotency_key is None:
        return
    body = await request.body()
    target = request.url.path + ("?" + request.url.query if request.url.query else "")
    # The precondition is part of the request: a retry under another If-Match is another
    # request, never answered from a stored reply that skipped its check.
    condition = request.headers.get("if-match")
    pending = idempotent_request(
        request_owner(request), idempotency_key, "POST", target, body, condition
    )
    kept_for = dt.timedelta(hours=request.app.state.settings.idempotency_key_hours)
    turn = (pending.owner, pending.key)
    in_flight = keys_in_flight(request.app)
    if in_flight.busy(turn) and not (session.new or session.dirty or session.deleted):
        # Wait without the connection the sign-in check read with: a burst of retries
        # larger than the pool would otherwise hold all of it, waiting.
        await session.commit()
    await in_flight.acquire(turn)
    request.state.idempotency_turn = turn
    replay = await stored_response(session, pending, kept_for)
    if replay is not None:
        raise ReplayStoredResponse(replay)
    request.state.idempotency = pending


async def refuse_idempotency_key(request: Request) -> None:
    # Read from the headers, not declared: the operation does not take the header.
    if IDEMPOTENCY_HEADER in request.headers:
        raise BadRequest(
            "This operation takes no Idempotency-Key: sign-in and account answers carry "
            "tokens or secrets, which are never stored to be replayed. Send it without "
            "the header."
        )


def query_names(dependant: Dependant) -> frozenset[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= query_names(sub)
    return frozenset(names)


KNOWN_QUERY_STATE = "known_query_names"


def known_query_names(app: FastAPI, route: APIRoute) -> frozenset[str]:
    """The query parameters a route answers to in this app, its including routers'
    dependencies too. Routes are shared by every app that includes their router, so
    the names are kept per app, by route, and worked out on the app's first request."""
    known: dict[int, frozenset[str]] | None = getattr(app.state, KNOWN_QUERY_STATE, None)
    if known is None:
        known = {}
        for context in iter_route_contexts(app.routes):
            original = context.original_route
            if isinstance(original, APIRoute):
                # A router included twice answers to the names of both inclusions.
                names = query_names(context.dependant)
                known[id(original)] = known.get(id(original), frozenset()) | names
        setattr(app.state, KNOWN_QUERY_STATE, known)
    found = known.get(id(route))
    return found if found is not None else query_names(route.dependant)


class TransactionalRoute(APIRoute):
    # A POST replays its first answer to a retry with the same `Idempotency-Key`.
    replays_posts: ClassVar[bool] = True

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if "POST" in (kwargs.get("methods") or ()):
            guard = idempotency_guard if self.replays_posts else refuse_idempotency_key
            kwargs["dependencies"] = [*(kwargs.get("dependencies") or []), Depends(guard)]
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run_in_transaction(request: Request) -> Response:
            known_query = known_query_names(request.app, self)
            unknown = sorted(set(request.query_params) - known_query)
            if unknown:
                raise BadRequest(
                    f"Unknown query parameter(s): {', '.join(unknown)}. "
                    f"Known: {', '.join(sorted(known_query)) or 'none'}.",
                    errors=[
                        {"loc": ["query", name], "msg": "unknown parameter", "type": "unknown"}
                        for name in unknown
                    ],
                )
            attempt = 1
            while True:
                try:
                    return await _attempt(handler, request)
                except DBAPIError as error:
                    if (
                        request.method in SAFE_METHODS
                        or attempt == WRITE_ATTEMPTS
                        or not worth_another_try(error)
                    ):
                        raise
                # Apart, so the colliding writers do not meet again at once.
                await asyncio.sleep(random.uniform(0.02, 0.04) * 2**attempt)
                attempt += 1

        return run_in_transaction


class NonIdempotentRoute(TransactionalRoute):
    """For operations whose answer must never be stored (tokens, client secrets): their
    POSTs do not take `Idempotency-Key` and refuse it with 400."""

    replays_posts = False


async def _attempt(
    handler: Callable[[Request], Coroutine[Any, Any, Response]], request: Request
) -> Response:
    """Run the handler and commit its transaction; whatever happens, the session is
    closed and the request's place in line for its idempotency key given up."""
    failed = True
    try:
        try:
            response = await handler(request)
        except ReplayStoredResponse as replay:
            failed = False
            return replay.response
        session: AsyncSession | None = getattr(request.state, "session", None)
        if session is not None and request.method not in SAFE_METHODS:
            await _commit(session, request, response)
        failed = False
        return response
    finally:
        session = getattr(request.state, "session", None)
        if session is not None:
            discard_events(session)
            await session.close()
            request.state.session = None
        turn = getattr(request.state, "idempotency_turn", None)
        if turn is not None:
            keys_in_flight(request.app).release(turn)
            request.state.idempotency_turn = None
        reads: AsyncConnection | None = getattr(request.state, "read_connection", None)
        if reads is not None:
            await _give_back(request, reads, failed=failed)
            request.state.read_connection = None


async def _give_back(request: Request, connection: AsyncConnection, *, failed: bool) -> None:
    kept = database(request).reads
    if kept is None:
        await connection.close()
    else:
        await kept.give_back(connection, failed=failed)


async def _commit(session: AsyncSession, request: Request, response: Response) -> None:
    pending: IdempotentRequest | None = getattr(request.state, "idempotency", None)
    if pending is not None and response.status_code < 300:
        remember_response(session, pending, response)
    await session.flush()
    await flush_events(session)
    await session.commit()
