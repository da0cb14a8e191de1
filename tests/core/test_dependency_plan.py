"""Routes solved from a dependency plan behave as FastAPI's own solver does."""

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import fastapi.routing
import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.dependencies.utils import request_params_to_args
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse, Response

from api.core.dependency_plan import DependencyPlan, ParameterPlan
from api.core.transactions import TransactionalRoute
from api.main import create_app
from tests.conftest import settings_for_tests

HOT_READS = {"list_schools", "get_school", "list_districts", "list_people", "list_events"}


def app_plans() -> dict[str, DependencyPlan]:
    app = create_app(settings_for_tests())
    plans = {}
    for context in iter_route_contexts(app.routes):
        dependant = getattr(context, "dependant", None)
        plan = DependencyPlan.build(dependant) if dependant is not None else None
        if plan is not None:
            plans[f"{sorted(context.methods)[0]} {context.path}"] = plan
    return plans


def parameters(plan: DependencyPlan) -> Iterator[ParameterPlan]:
    yield from (*plan.path, *plan.query, *plan.headers)
    for sub in plan.dependencies:
        yield from parameters(sub)


def inputs(alias: str) -> list[list[tuple[str, str]]]:
    """What a client might send for one parameter: nothing, one value, several, junk."""
    values = ["", "x", "0", "50", "501", "true", "CA", "high", str(uuid.uuid4())]
    values += ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00", "name,-updated_at"]
    return [[], *([(alias, v)] for v in values), [(alias, "CA"), (alias, "NY")]]


def received_as(where: str, pairs: list[tuple[str, str]]) -> Any:
    if where == "query":
        return QueryParams(pairs)
    if where == "header":
        return Headers(raw=[(k.lower().encode(), v.encode()) for k, v in pairs])
    return dict(pairs)


def test_the_hot_reads_are_planned() -> None:
    names = {plan.call.__name__ for plan in app_plans().values()}
    assert names >= HOT_READS


def test_every_planned_parameter_reads_as_fastapi_reads_it() -> None:
    checked = 0
    for route, plan in app_plans().items():
        for parameter in parameters(plan):
            for pairs in inputs(parameter.aliases[0]):
                received = received_as(parameter.where, pairs)
                theirs, their_errors = request_params_to_args([parameter.field], received)
                ours, our_errors = parameter.read(received, {})
                context = f"{route} {parameter.field.name}={pairs}"
                assert repr(our_errors) == repr(their_errors), context
                if not their_errors:
                    assert repr(ours) == repr(theirs[parameter.field.name]), context
                checked += 1
    assert checked > 1000


# A small app of its own: how a plan calls dependencies, in order, once each.
calls: list[str] = []
GOOD_TOKEN = "ok"


async def caller(authorization: Annotated[str | None, Header()] = None) -> str:
    calls.append("caller")
    if authorization != f"Bearer {GOOD_TOKEN}":
        raise HTTPException(401, "sign in")
    return "ana"


async def scope(who: Annotated[str, Depends(caller)]) -> str:
    calls.append("scope")
    return f"scope of {who}"


async def paging(limit: Annotated[int, Query(ge=1, le=10)] = 5) -> int:
    calls.append("paging")
    return limit


async def filters(level: Annotated[list[str] | None, Query()] = None) -> list[str]:
    calls.append("filters")
    return level or []


class Body(BaseModel):
    name: str


def build_app() -> FastAPI:
    router = APIRouter(route_class=TransactionalRoute)

    @router.get("/things/{thing_id}")
    async def read_thing(
        thing_id: uuid.UUID,
        who: Annotated[str, Depends(caller)],
        where: Annotated[str, Depends(scope)],
        limit: Annotated[int, Depends(paging)],
        level: Annotated[list[str], Depends(filters)],
        request: Request,
    ) -> Response:
        return JSONResponse(
            {"id": str(thing_id), "who": who, "where": where, "limit": limit, "level": level}
            | {"path": request.url.path}
        )

    @router.put("/things")
    async def add_thing(body: Body, who: Annotated[str, Depends(caller)]) -> Response:
        return JSONResponse({"name": body.name, "who": who})

    app = FastAPI()
    app.include_router(router, dependencies=[Depends(caller)])
    return app


@pytest.fixture
def solver_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the requests FastAPI's own solver handles."""
    solved: list[int] = []
    original = fastapi.routing.solve_dependencies

    async def counting(**kwargs: Any) -> Any:
        solved.append(1)
        return await original(**kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    calls.clear()
    return solved


async def get(app: FastAPI, url: str, token: str = GOOD_TOKEN, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(
            kwargs.pop("method", "GET"), url, headers={"Authorization": f"Bearer {token}"}, **kwargs
        )


async def test_each_dependency_runs_once_in_order(solver_calls: list[int]) -> None:
    thing = uuid.uuid4()
    answer = await get(build_app(), f"/things/{thing}?limit=3&level=high&level=middle")
    assert answer.status_code == 200
    assert answer.json() == {
        "id": str(thing),
        "who": "ana",
        "where": "scope of ana",
        "limit": 3,
        "level": ["high", "middle"],
        "path": f"/things/{thing}",
    }
    assert calls == ["caller", "scope", "paging", "filters"]
    assert solver_calls == []


async def test_every_bad_parameter_is_reported_and_its_dependency_not_called(
    solver_calls: list[int],
) -> None:
    answer = await get(build_app(), "/things/not-a-uuid?limit=99")
    assert answer.status_code == 422
    assert [error["loc"] for error in answer.json()["detail"]] == [
        ["query", "limit"],
        ["path", "thing_id"],
    ]
    assert calls == ["caller", "scope", "filters"]
    assert solver_calls == []


async def test_a_dependency_that_refuses_stops_the_request_first(solver_calls: list[int]) -> None:
    answer = await get(build_app(), "/things/not-a-uuid?limit=99", token="wrong")
    assert answer.status_code == 401
    assert calls == ["caller"]


async def test_bodies_and_overrides_keep_fastapi_solver(solver_calls: list[int]) -> None:
    app = build_app()
    posted = await get(app, "/things", method="PUT", json={"name": "kiln"})
    assert posted.json() == {"name": "kiln", "who": "ana"}
    assert len(solver_calls) == 1

    async def somebody_else() -> str:
        return "bo"

    app.dependency_overrides[caller] = somebody_else
    answer = await get(app, f"/things/{uuid.uuid4()}", token="wrong")
    assert answer.status_code == 200
    assert answer.json()["who"] == "bo"
    assert len(solver_calls) == 2
