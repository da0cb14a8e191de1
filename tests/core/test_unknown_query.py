"""A query parameter no route dependency reads is refused with 400, naming it; the
parameters of the including router's dependencies are known too."""

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, FastAPI, Query

from api.core.errors import install_problem_handlers
from api.core.transactions import TransactionalRoute


async def tenant(tenant: Annotated[str | None, Query()] = None) -> str | None:
    return tenant


def build_app() -> FastAPI:
    router = APIRouter(route_class=TransactionalRoute)

    @router.get("/things")
    async def list_things(limit: int = 10) -> dict[str, int]:
        return {"limit": limit}

    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router, prefix="/v1", dependencies=[Depends(tenant)])
    return app


async def get(app: FastAPI, url: str) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        return await client.get(url)


async def test_the_route_and_its_routers_parameters_are_known() -> None:
    answer = await get(build_app(), "/v1/things?limit=3&tenant=north")
    assert answer.status_code == 200
    assert answer.json() == {"limit": 3}


async def test_an_unknown_parameter_is_400_and_named() -> None:
    answer = await get(build_app(), "/v1/things?limit=3&colour=red")
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["errors"] == [
        {"loc": ["query", "colour"], "msg": "unknown parameter", "type": "unknown"}
    ]
    assert "Known: limit, tenant." in body["detail"]
