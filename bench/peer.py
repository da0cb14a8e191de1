"""The peer: the directory's filtered schools page as a Python team would write it
instead, served by the benchmark's server next to the real one.

`GET /bench/peer/schools?state&level&limit` answers the first page of
`GET /api/v1/schools` with the same filters, scope, order and sign-in, written
plainly: an ORM session per request, `select(School)`, and FastAPI's
`response_model=Page[SchoolRead]` serialising the model objects. It lives only in
the app the benchmark serves (`create_bench_app`), never in the production app.
"""

import argparse
from collections.abc import AsyncIterator
from typing import Annotated, Any

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import schools_in_scope
from api.auth.deps import CallerScope, current_principal
from api.core.db import Database
from api.core.pagination import Page
from api.core.transactions import TransactionalRoute
from api.directory.models import School
from api.directory.schemas import SchoolRead
from api.directory.vocabulary import SchoolLevel
from api.main import create_app

PREFIX = "/bench/peer"
# The API's route class only so that the session sign-in may open (to read the
# caller, when not cached) is closed as on every API route; the peer reads with its own.
router = APIRouter(prefix=PREFIX, tags=["bench"], route_class=TransactionalRoute)


async def orm_session(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.db
    async with database.sessionmaker() as session:
        yield session


@router.get("/schools", response_model=Page[SchoolRead])
async def list_schools(
    session: Annotated[AsyncSession, Depends(orm_session)],
    scope: CallerScope,
    state: Annotated[list[str] | None, Query()] = None,
    level: Annotated[list[SchoolLevel] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    stmt = select(School).where(schools_in_scope(scope))
    if state:
        stmt = stmt.where(School.state.in_([s.upper() for s in state]))
    if level:
        stmt = stmt.where(School.level.in_(level))
    stmt = stmt.order_by(School.name, School.id).limit(limit)
    return {"items": (await session.scalars(stmt)).all()}


def create_bench_app() -> FastAPI:
    app = create_app()
    app.include_router(router, dependencies=[Depends(current_principal)])
    # Routes are tried in order: matched first, the peer is not charged for trying
    # every API route before it; the API's requests try this one route in vain.
    routes = app.router.routes
    routes.insert(0, routes.pop())
    return app


def main() -> None:
    """Serve the bench app with the options of `trellis serve`."""
    parser = argparse.ArgumentParser(prog="python -m bench.peer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(
        "bench.peer:create_bench_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=1,
        access_log=False,
        log_config=None,
    )


if __name__ == "__main__":
    main()
