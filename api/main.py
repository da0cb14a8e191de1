"""create_app(): routers, middleware and error handlers."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import Response

from api import feed_resources  # noqa: F401  (fills the change feed's registry)
from api.auth.deps import current_principal
from api.auth.principal_cache import PrincipalCache
from api.auth.rate_limit import build_rate_limits
from api.auth.revocations import RevocationListener, listener_dsn
from api.auth.routes import admin_router
from api.auth.routes import public as auth_public_router
from api.auth.routes import router as auth_router
from api.auth.secrets import SecretHashing
from api.core.db import Database, create_database, create_engine
from api.core.errors import install_problem_handlers, problem_response
from api.core.logs import configure_logging
from api.core.middleware import (
    UNEXPECTED,
    BodyLimitMiddleware,
    MediaTypeMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
    UnexpectedErrorMiddleware,
)
from api.core.nul_characters import NulCharacterMiddleware
from api.core.openapi import ContractAPI
from api.core.responses import FastJSONResponse
from api.directory import routes as directory_routes
from api.goals import routes as goals_routes
from api.integrations.events import router as events_router
from api.integrations.imports.oneroster_route import router as oneroster_import_router
from api.integrations.imports.routes import router as imports_router
from api.integrations.webhooks.routes import router as webhooks_router
from api.mentoring import routes as mentoring_routes
from api.partners import routes as partners_routes
from api.settings import Environment, Settings, get_settings

API_PREFIX = "/api/v1"
DESCRIPTION = """\
Trellis keeps the school directory, partner agreements, school goals and
mentoring programmes of school-community partnerships in one place.

Conventions: cursor pages with `Link` headers, `ETag`/`If-Match` on every
record, `Idempotency-Key` on POST, RFC 9457 problem details for every error,
and an ordered change feed at `/api/v1/events`.
"""
YOUNG_COLLECTION_THRESHOLD = 10_000
OPENAPI_TAGS = [
    {"name": "health", "description": "Is the process up, does the database answer."},
    {"name": "auth", "description": "Sign-in, tokens, users and API clients."},
    {"name": "directory", "description": "Districts, schools, people and their roles."},
    {"name": "events", "description": "The ordered change feed, for delta sync."},
    {"name": "partners", "description": "Partner organisations, agreements and their work."},
    {"name": "webhooks", "description": "Signed deliveries of the change feed to your URL."},
    {"name": "imports", "description": "File imports run as jobs: dry runs, diffs, errors."},
]


def camel_case_operation_id(route: APIRoute) -> str:
    head, *rest = route.name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def database_of(settings: Settings) -> Database:
    def engine(url: str) -> AsyncEngine:
        pool = {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow}
        return create_engine(url, **pool)

    read_url = settings.async_read_database_url
    return create_database(
        engine(settings.async_database_url), engine(read_url) if read_url else None
    )


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    db = database or database_of(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Start-up objects live for the whole process; freezing them keeps the
        # collector's full passes (50-100 ms pauses measured) off the request path.
        gc.collect()
        gc.freeze()
        # Requests in flight hold their rows; the default young-generation threshold
        # (700) re-scanned them about 50 us per list request at 32 connections, ~1 us
        # at 10,000. Whatever is garbage is still collected, in fewer passes.
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)
        listener = None
        if db.is_postgres and settings.caller_cache_seconds > 0:
            listener = RevocationListener(listener_dsn(db.engine.url), principals)
            await listener.start()
        app.state.caller_changes = listener
        yield
        if db.reads is not None:
            await db.reads.close()
        if listener is not None:
            await listener.stop()
        app.state.rate_limits.close()
        if database is None:
            await db.engine.dispose()
            if db.replica is not None:
                await db.replica.dispose()

    app = ContractAPI(
        title="Trellis API",
        version="1.0.0",
        description=DESCRIPTION,
        default_response_class=FastJSONResponse,
        generate_unique_id_function=camel_case_operation_id,
        lifespan=lifespan,
        openapi_tags=OPENAPI_TAGS,
    )
    principals = PrincipalCache(settings.caller_cache_seconds)
    app.state.settings = settings
    app.state.db = db
    app.state.principals = principals
    app.state.secret_hashing = SecretHashing(settings.secret_hashes_at_once)
    install_problem_handlers(app)

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> Response:
        return problem_response(
            500,
            detail=UNEXPECTED,
            instance=request.url.path,
        )

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], responses={503: {"description": "Database unreachable."}})
    async def readyz() -> Response:
        """The database answers (and the standby reads come from, when there is one)."""
        for engine in (db.engine, db.replica):
            if engine is not None:
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        return FastJSONResponse({"status": "ready"})

    app.state.rate_limits = build_rate_limits(
        redis_url=settings.redis_url,
        api_limit=settings.api_rate_limit,
        token_limit=settings.token_rate_limit,
        account_failures=settings.login_failures_per_account,
        address_failures=settings.login_failures_per_address,
        lock_seconds=settings.login_lock_seconds,
    )
    signed_in = [Depends(current_principal)]
    app.include_router(auth_public_router, prefix=API_PREFIX)
    app.include_router(auth_router, prefix=API_PREFIX, dependencies=signed_in)
    for router in directory_routes.routers:
        app.include_router(
            router, prefix=API_PREFIX, dependencies=signed_in, tags=[directory_routes.TAG]
        )
    app.include_router(events_router, prefix=API_PREFIX, dependencies=signed_in)
    app.include_router(webhooks_router, prefix=API_PREFIX, dependencies=signed_in)
    # Still listed with the directory, where its first clients' generated code finds it.
    app.include_router(
        oneroster_import_router,
        prefix=API_PREFIX,
        dependencies=signed_in,
        tags=[directory_routes.TAG],
    )
    app.include_router(imports_router, prefix=API_PREFIX, dependencies=signed_in)
    for area in (partners_routes, goals_routes, mentoring_routes):
        for router in area.routers:
            app.include_router(router, prefix=API_PREFIX, dependencies=signed_in, tags=[area.TAG])
    # Routes are matched one after another; account management is rarely called.
    app.include_router(admin_router, prefix=API_PREFIX, dependencies=signed_in)

    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(NulCharacterMiddleware)
    app.add_middleware(MediaTypeMiddleware)
    app.add_middleware(
        SecurityHeadersMiddleware, hsts=settings.environment is Environment.production
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        bulk_max_bytes=settings.bulk_max_body_bytes,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            "X-Request-ID",
        ],
        expose_headers=["ETag", "Link", "Location", "X-Total-Count", "X-Request-ID", "Retry-After"],
    )
    app.add_middleware(RequestContextMiddleware, log_requests=settings.access_log)
    return app
