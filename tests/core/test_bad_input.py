"""Bad input of every kind gets a clear problem+json 4xx and writes nothing."""

import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.directory.models import School
from tests.directory.factories import make_district, make_school

SCHOOLS = "/api/v1/schools"


async def counts(session: AsyncSession) -> tuple[int, int]:
    schools = await session.scalar(select(func.count()).select_from(School))
    events = await session.scalar(select(func.count()).select_from(Event))
    return int(schools or 0), int(events or 0)


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert str(body["type"]).startswith("https://")
    assert body["title"]
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        (b'{"name": "x",', {"content-type": "application/json"}, 422),
        (b"[1, 2]", {"content-type": "application/json"}, 422),
        (b"name=x", {"content-type": "application/x-www-form-urlencoded"}, 415),
        (b"<school/>", {"content-type": "application/xml"}, 415),
        (b"x" * (2 * 1024 * 1024), {"content-type": "application/json"}, 413),
    ],
    ids=["malformed-json", "not-an-object", "form", "xml", "2MiB"],
)
async def test_unreadable_bodies(
    client: httpx.AsyncClient,
    session: AsyncSession,
    content: bytes,
    headers: dict[str, str],
    status: int,
) -> None:
    before = await counts(session)
    assert_problem(await client.post(SCHOOLS, content=content, headers=headers), status)
    assert await counts(session) == before


async def test_oversized_body_without_content_length_is_refused(client: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    response = await client.post(
        SCHOOLS, content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(response, 413)


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"name": 42}, "name"),
        ({"enrollment": "many"}, "enrollment"),
        ({"level": "university"}, "level"),
        ({"locale_code": 14}, "locale_code"),
        ({"state": "XX"}, "state"),
        ({"nces_id": "12345"}, "nces_id"),
        ({"colour": "blue"}, "colour"),
    ],
    ids=[
        "wrong-type",
        "not-a-number",
        "unknown-enum",
        "bad-locale",
        "bad-state",
        "short-nces-id",
        "unknown-field",
    ],
)
async def test_invalid_fields_are_422_and_name_the_field(
    client: httpx.AsyncClient, session: AsyncSession, patch: dict[str, object], field: str
) -> None:
    school = await make_school(session)
    before = await counts(session)
    body = assert_problem(await client.patch(f"{SCHOOLS}/{school.id}", json=patch), 422)
    errors = body["errors"]
    assert isinstance(errors, list)
    assert any(field in error["loc"] for error in errors)
    assert await counts(session) == before


@pytest.mark.parametrize(
    "query",
    [
        "sort=colour",
        "cursor=not-a-cursor",
        "cursor=eyJzIjoibmFtZSJ9",
        "limit=0",
        "limit=501",
        "level=castle",
        "colour=red",
        "updated_since=yesterday",
        "updated_since=2026-01-01T00:00:00",
    ],
)
async def test_bad_queries_are_400(client: httpx.AsyncClient, query: str) -> None:
    assert_problem(await client.get(f"{SCHOOLS}?{query}"), 400)


async def test_bad_uuid_in_path_is_400(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"{SCHOOLS}/not-a-uuid"), 400)


async def test_unknown_method_is_405(client: httpx.AsyncClient) -> None:
    assert_problem(await client.put(f"{SCHOOLS}/{uuid.uuid4()}", json={}), 405)


async def test_unknown_path_is_404(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/api/v1/castles"), 404)


async def test_create_with_missing_fields_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    before = await counts(session)
    body = assert_problem(await client.post(SCHOOLS, json={"district_id": str(district.id)}), 422)
    assert {tuple(e["loc"]) for e in body["errors"]} >= {("body", "name"), ("body", "state")}  # type: ignore[union-attr]
    assert await counts(session) == before
