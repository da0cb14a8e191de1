"""A school is in its district's state: taken from the district, or checked against it."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import District
from tests.core.test_bad_input import assert_problem, counts
from tests.directory.factories import make_district, make_school
from tests.directory.test_schools_api import SCHOOLS, school_body


async def _without_a_state(session: AsyncSession, state: str) -> tuple[District, dict[str, object]]:
    """A new district in `state`, and the body of a school of it that names no state."""
    district = await make_district(session, state=state)
    body = school_body(district.id)
    del body["state"]
    return district, body


async def test_a_school_without_a_state_takes_its_districts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district, body = await _without_a_state(session, "OR")
    created = await client.post(SCHOOLS, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "OR"
    same = await client.post(
        SCHOOLS, json=school_body(district.id, state="OR", nces_id="411234012345")
    )
    assert same.status_code == 201, same.text


@pytest.mark.parametrize("path", [SCHOOLS, f"{SCHOOLS}/bulk?atomic=true"])
async def test_a_state_other_than_the_districts_is_422(
    client: httpx.AsyncClient, session: AsyncSession, path: str
) -> None:
    district = await make_district(session, state="OR")
    body = school_body(district.id, state="WA")
    before = await counts(session)
    response = await client.post(path, json={"items": [body]} if "bulk" in path else body)
    problem = assert_problem(response, 422)
    if "bulk" not in path:
        assert [e["loc"] for e in problem["errors"]] == [["body", "state"]]  # type: ignore[union-attr]
        assert "district's state OR" in str(problem["detail"])
    assert await counts(session) == before


async def test_bulk_rows_without_a_state_take_their_districts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, row = await _without_a_state(session, "NV")
    response = await client.post(f"{SCHOOLS}/bulk", json={"items": [row]})
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["status"] == "created", result
    assert (await client.get(f"{SCHOOLS}/{result['id']}")).json()["state"] == "NV"


async def test_a_moved_school_follows_its_district_and_a_wrong_state_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session, await make_district(session, state="CA"))
    nevada = await make_district(session, state="NV")
    url = f"{SCHOOLS}/{school.id}"
    moved = await client.patch(url, json={"district_id": str(nevada.id)})
    assert moved.status_code == 200, moved.text
    assert moved.json()["state"] == "NV"
    wrong = await client.patch(url, json={"state": "CA"})
    assert [e["loc"] for e in assert_problem(wrong, 422)["errors"]] == [["body", "state"]]  # type: ignore[union-attr]
    assert (await client.get(url)).json()["version"] == 2
