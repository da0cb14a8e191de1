"""Bad input of every kind gets a clear problem+json 4xx and writes nothing."""

import base64
import uuid

import httpx
import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event
from api.directory.models import School
from api.main import create_app
from tests.conftest import settings_for_tests
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


async def test_a_path_that_names_no_record_is_404(client: httpx.AsyncClient) -> None:
    # Record ids are UUIDs in the route itself, so no other text reaches a record's route.
    assert_problem(await client.get(f"{SCHOOLS}/not-a-uuid"), 404)


async def test_a_method_a_path_lacks_is_405_naming_the_ones_it_has(
    client: httpx.AsyncClient,
) -> None:
    # /schools/bulk is no school: PATCH there is not the school's PATCH.
    answer = await client.patch(f"{SCHOOLS}/bulk?atomic=true", json={"items": []})
    assert_problem(answer, 405)
    assert answer.headers["allow"] == "POST"


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
    # The state is the district's when omitted.
    assert [tuple(e["loc"]) for e in body["errors"]] == [("body", "name")]  # type: ignore[union-attr]
    assert await counts(session) == before


def crafted_cursor(sort: str, values: object) -> str:
    payload = orjson.dumps({"s": sort, "v": values})
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


SOME_ID = "0190f0f0-0000-7000-8000-000000000000"


@pytest.mark.parametrize(
    ("sort", "values"),
    [
        ("name", [1, SOME_ID]),
        ("name", [["a"], SOME_ID]),
        ("name", ["a\u0000b", SOME_ID]),
        ("name", ["a", 7]),
        ("name", ["a", [SOME_ID]]),
        ("name", {"name": "a", "id": SOME_ID}),
        ("name", ["a"]),
        ("updated_at", ["2026-01-01T00:00:00", SOME_ID]),
        ("updated_at", ["2026-01-01", SOME_ID]),
        ("updated_at", ["0001-01-01T00:00:00+14:00", SOME_ID]),
        ("updated_at", [1767225600, SOME_ID]),
        ("updated_at", [True, SOME_ID]),
    ],
    ids=[
        "number-for-text",
        "list-for-text",
        "nul",
        "number-for-id",
        "list-for-id",
        "object",
        "too-few",
        "naive-datetime",
        "date-for-datetime",
        "before-year-1-in-utc",
        "epoch-seconds",
        "boolean",
    ],
)
async def test_tampered_cursors_are_400(
    client: httpx.AsyncClient, session: AsyncSession, sort: str, values: object
) -> None:
    await make_school(session)
    cursor = crafted_cursor(sort, values)
    body = assert_problem(await client.get(f"{SCHOOLS}?sort={sort}&cursor={cursor}"), 400)
    assert "cursor" in str(body["detail"])


async def test_a_real_cursor_still_pages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    district = await make_district(session)
    for _ in range(3):
        await make_school(session, district)
    first = (await client.get(f"{SCHOOLS}?sort=-updated_at&limit=2")).json()
    second = await client.get(f"{SCHOOLS}?sort=-updated_at&limit=2&cursor={first['next_cursor']}")
    assert second.status_code == 200, second.text
    assert {s["id"] for s in second.json()["items"]}.isdisjoint(s["id"] for s in first["items"])


# The directory's lists and the partners' lists parse the parameter apart.
LISTS_WITH_UPDATED_SINCE = ["/api/v1/schools", "/api/v1/people", "/api/v1/agreements"]


@pytest.mark.parametrize("path", LISTS_WITH_UPDATED_SINCE)
@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("0001-01-01T00:00:00Z", 200),
        ("9999-12-31T23:59:59Z", 200),
        ("0001-01-01T00:00:00-12:00", 200),
        ("9999-12-31T23:59:59+14:00", 200),
        ("0001-01-01T00:00:00+14:00", 400),
        ("9999-12-31T23:59:59-12:00", 400),
    ],
)
async def test_updated_since_at_the_ends_of_the_calendar(
    client: httpx.AsyncClient, session: AsyncSession, path: str, since: str, status: int
) -> None:
    await make_school(session)
    response = await client.get(path, params={"updated_since": since})
    if status == 200:
        assert response.status_code == 200, response.text
        if path == SCHOOLS:
            # Year 1 is before every record; year 9999 after them all.
            assert bool(response.json()["items"]) is since.startswith("0001")
    else:
        body = assert_problem(response, 400)
        assert "updated_since" in str(body["detail"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", SCHOOLS, {"enrollment": 2**63}),
        ("POST", SCHOOLS, {"enrollment": 2**31}),
        ("PATCH", "{school}", {"enrollment": 2**70}),
        ("PATCH", "{school}", {"enrollment": -1}),
        ("PATCH", "{school}", {"locale_code": 2**64}),
    ],
    ids=["enrollment-2^63", "enrollment-2^31", "patch-2^70", "negative", "locale-2^64"],
)
async def test_integers_beyond_their_column_are_422(
    client: httpx.AsyncClient,
    session: AsyncSession,
    method: str,
    path: str,
    body: dict[str, object],
) -> None:
    school = await make_school(session)
    if method == "POST":
        body = {"name": "Big", "district_id": str(school.district_id), "state": "CA"} | body
    before = await counts(session)
    response = await client.request(method, path.format(school=f"{SCHOOLS}/{school.id}"), json=body)
    problem = assert_problem(response, 422)
    assert [error["loc"][-1] for error in problem["errors"]] == list(body)[-1:]  # type: ignore[union-attr]
    assert await counts(session) == before


@pytest.mark.parametrize(
    "query",
    [f"after={2**63}", f"after={2**70}", "after=-1", f"limit={2**70}"],
)
async def test_event_feed_integers_beyond_64_bits_are_400(
    client: httpx.AsyncClient, query: str
) -> None:
    assert_problem(await client.get(f"/api/v1/events?{query}"), 400)


async def test_the_largest_sequence_number_reads_an_empty_page(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/events?after={2**63 - 1}")
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


def integers_without_bounds() -> list[str]:
    spec = create_app(settings_for_tests()).openapi()
    components = spec["components"]["schemas"]
    found: list[str] = []

    def walk(node: object, where: str, seen: set[str]) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, where, seen)
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(components[name], name, seen)
            return
        if node.get("type") == "integer" and not {"minimum", "maximum"} <= node.keys():
            found.append(where)
        for key, value in node.items():
            walk(value, f"{where}.{key}", seen)

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            seen: set[str] = set()
            for parameter in operation.get("parameters", []):
                walk(parameter["schema"], f"{method} {path} {parameter['name']}", seen)
            walk(operation.get("requestBody"), f"{method} {path} body", seen)
    return found


def test_every_integer_a_client_sends_is_bounded_in_the_spec() -> None:
    assert integers_without_bounds() == []
