"""The peer: the directory's filtered schools page as a Python team would write it
instead, served by the benchmark's server next to the real one.

`GET /bench/peer/schools?state&level&limit` answers the first page of
`GET /api/v1/schools` with the same filters, scope, order and sign-in, written
plainly: an ORM session per request, `select(School)`, and FastAPI's
`response_model=Page[SchoolRead]` serialising the model objects. It lives only in
the app the benchmark serves (`create_bench_app`), never in the production app.
"""

import argparse
from typing import Annotated, Any

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Query
from sqlalchemy import select

from api.access.directory import schools_in_scope
from api.auth.deps import CallerScope, current_principal
from api.core.pagination import Page
from api.core.transactions import Session, TransactionalRoute
from api.directory.models import School
from api.directory.schemas import SchoolRead
from api.directory.vocabulary import SchoolLevel
from api.main import create_app

PREFIX = "/bench/peer"
# The API's route class, so the peer reads through the one session per request that
# sign-in reads the caller with too (when not cached), closed as on every API route. A
# second session of its own would hold two pooled connections per request: on SQLite's
# smaller pool, 32 concurrent requests would each hold one and wait for another.
router = APIRouter(prefix=PREFIX, tags=["bench"], route_class=TransactionalRoute)


@router.get("/schools", response_model=Page[SchoolRead])
async def list_schools(
    session: Session,
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
