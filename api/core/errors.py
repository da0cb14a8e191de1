"""Typed errors raised by services and rendered once, as RFC 9457 problem details."""

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from asyncpg import exceptions as asyncpg_errors
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import iter_route_contexts
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from api.core.collisions import is_lock_collision
from api.core.outages import is_database_outage
from api.core.responses import json_bytes

error_log = logging.getLogger("trellis.errors")
PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://trellis.dev/problems/"


class Problem(Exception):
    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal server error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = list(errors) if errors is not None else None
        self.headers = headers or {}
        self.extra = extra


class BadRequest(Problem):
    status, slug, title = 400, "bad-request", "Bad request"


class Unauthorized(Problem):
    status, slug, title = 401, "unauthorized", "Authentication required"


class Forbidden(Problem):
    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(Problem):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(Problem):
    status, slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(Problem):
    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PayloadTooLarge(Problem):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class UnsupportedMediaType(Problem):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class Unprocessable(Problem):
    status, slug, title = 422, "validation-error", "Invalid request"


class PreconditionRequired(Problem):
    status, slug, title = 428, "precondition-required", "Precondition required"


class TooManyRequests(Problem):
    status, slug, title = 429, "rate-limited", "Too many requests"


class ServiceUnavailable(Problem):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


def problem_response(
    status: int,
    *,
    title: str | None = None,
    detail: str | None = None,
    slug: str | None = None,
    instance: str | None = None,
    errors: Sequence[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-")),
        "title": title or phrase,
        "status": status,
        "detail": detail or title or phrase,
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = list(errors)
    body.update(extra)
    return Response(json_bytes(body), status, headers=headers, media_type=PROBLEM_JSON)


def body_error(loc: list[Any], msg: str, kind: str = "reference") -> dict[str, Any]:
    """One entry of a 422's `errors`, at `loc` within the request body."""
    return {"loc": ["body", *loc], "msg": msg, "type": kind}


def render_problem(request: Request, exc: Problem) -> Response:
    return problem_response(
        exc.status,
        title=exc.title,
        detail=exc.detail,
        slug=exc.slug,
        instance=request.url.path,
        errors=exc.errors,
        headers=exc.headers,
        **exc.extra,
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]


def database_unavailable(request: Request) -> Response:
    return render_problem(
        request,
        ServiceUnavailable(
            "The database is unavailable; retry shortly.", headers={"Retry-After": "5"}
        ),
    )


def allowed_methods(request: Request) -> list[str]:
    """Every method of the path: each route holds one, so the router's 405 names only the first."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> Response:
        return render_problem(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        in_query = all(error["loc"][:1] in (["query"], ["path"], ["header"]) for error in errors)
        status = 400 if in_query else 422
        detail = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in errors[:5]
        )
        return problem_response(
            status,
            title="Invalid query" if in_query else "Invalid request body",
            detail=detail,
            slug="bad-request" if in_query else "validation-error",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(ValidationError)
    async def on_merged_validation(request: Request, exc: ValidationError) -> Response:
        # A merge patch is valid alone but the record it produces is not.
        errors = [
            {"loc": ["body", *error["loc"]], "msg": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        return problem_response(
            422,
            title="Invalid request body",
            detail="; ".join(str(e["msg"]) for e in errors[:5]),
            slug="validation-error",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return problem_response(
            exc.status_code, detail=detail, instance=request.url.path, headers=headers
        )

    @app.exception_handler(StaleDataError)
    async def on_stale(request: Request, exc: StaleDataError) -> Response:
        return render_problem(
            request,
            PreconditionFailed("The record was changed by someone else; fetch it and retry."),
        )

    @app.exception_handler(IntegrityError)
    async def on_integrity(request: Request, exc: IntegrityError) -> Response:
        return render_problem(
            request, Conflict("The change conflicts with an existing record (a unique key).")
        )

    # A burst larger than the pool and its overflow waited the pool's timeout in vain.
    @app.exception_handler(PoolTimeout)
    async def on_pool_timeout(request: Request, exc: PoolTimeout) -> Response:
        error_log.warning("database connection pool exhausted: %s", exc)
        return render_problem(
            request,
            ServiceUnavailable(
                "Every database connection is in use; retry shortly.",
                headers={"Retry-After": "5"},
            ),
        )

    # The same errors, wrapped by SQLAlchemy or raised by asyncpg on a driver read.
    @app.exception_handler(DBAPIError)
    @app.exception_handler(asyncpg_errors.PostgresError)
    @app.exception_handler(asyncpg_errors.InterfaceError)
    @app.exception_handler(ConnectionError)
    async def on_database(request: Request, exc: Exception) -> Response:
        if is_database_outage(exc):
            return database_unavailable(request)
        if is_lock_collision(exc):
            return render_problem(
                request,
                Conflict(
                    "Concurrent writes to the same records collided; nothing was written. "
                    "Retry the request.",
                    headers={"Retry-After": "1"},
                ),
            )
        raise exc
