"""The NUL character is refused wherever a request carries text, on both databases."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.core.test_bad_input import SCHOOLS, assert_problem, counts
from tests.directory.factories import make_school


@pytest.mark.parametrize(
    ("method", "path", "body", "loc"),
    [
        ("POST", SCHOOLS, {"name": "A\u0000B"}, ["body", "name"]),
        ("PATCH", "{school}", {"city": "\u0000"}, ["body", "city"]),
        ("POST", f"{SCHOOLS}/bulk", {"items": [{"name": "ok"}, {"name": "x\u0000"}]}, None),
        ("POST", "/api/v1/partners", {"name": "P", "kind": "nonprofit\u0000"}, None),
        ("PATCH", "{school}", {"name\u0000": "key"}, ["body", "name\u0000"]),
    ],
    ids=["create", "patch", "bulk-row", "enum", "key"],
)
async def test_nul_in_a_body_is_422_on_every_database(
    client: httpx.AsyncClient,
    session: AsyncSession,
    method: str,
    path: str,
    body: dict[str, object],
    loc: list[str] | None,
) -> None:
    school = await make_school(session)
    if method == "POST" and path == SCHOOLS:
        body = {"district_id": str(school.district_id), "state": "CA"} | body
    before = await counts(session)
    response = await client.request(method, path.format(school=f"{SCHOOLS}/{school.id}"), json=body)
    problem = assert_problem(response, 422)
    assert "NUL" in str(problem["detail"])
    if loc:
        assert [error["loc"] for error in problem["errors"]] == [loc]  # type: ignore[union-attr]
    assert await counts(session) == before


async def test_an_escaped_backslash_before_u0000_is_plain_text(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    response = await client.patch(
        f"{SCHOOLS}/{school.id}",
        content=b'{"name": "C:\\\\u0000 Elementary"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "C:\\u0000 Elementary"


@pytest.mark.parametrize(
    "url",
    [
        f"{SCHOOLS}?q=a%00b",
        f"{SCHOOLS}?state=C%00",
        f"{SCHOOLS}?sort=name%00",
        "/api/v1/people?q=%00",
        "/api/v1/agreements?q=x%00",
        f"{SCHOOLS}/%00",
    ],
)
async def test_nul_in_the_url_is_400(client: httpx.AsyncClient, url: str) -> None:
    body = assert_problem(await client.get(url), 400)
    assert "NUL" in str(body["detail"])


async def test_nul_in_a_header_is_400(client: httpx.AsyncClient, session: AsyncSession) -> None:
    school = await make_school(session)
    before = await counts(session)
    response = await client.post(
        SCHOOLS,
        json={"name": "Keyed", "district_id": str(school.district_id), "state": "CA"},
        headers={"Idempotency-Key": "key\x00one"},
    )
    assert_problem(response, 400)
    assert await counts(session) == before


async def test_nul_in_a_sign_in_form_is_422(anonymous_client: httpx.AsyncClient) -> None:
    response = await anonymous_client.post(
        "/api/v1/auth/token",
        content=b"grant_type=password&username=a%00@example.org&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert_problem(response, 422)
