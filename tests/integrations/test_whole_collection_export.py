"""Any list streams every row in scope as NDJSON in one response, paging ignored."""

import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.csv_export import NDJSON_BATCH_ROWS
from tests.conftest import SignIn
from tests.directory.factories import make_district, new_school
from tests.partners.factories import make_partner

SCHOOLS = "/api/v1/schools"
NDJSON = {"Accept": "application/x-ndjson"}


def lines(response: httpx.Response) -> list[dict[str, object]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    return [orjson.loads(line) for line in response.content.splitlines()]


async def test_every_school_streams_in_one_response_whatever_the_page_size(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session)
    # More than one batch of the server-side cursor (NDJSON_BATCH_ROWS).
    session.add_all(
        [new_school(district, name=f"School {n:05}") for n in range(NDJSON_BATCH_ROWS + 3)]
    )
    await session.flush()
    rows = lines(await client.get(f"{SCHOOLS}?district_id={district.id}&limit=5", headers=NDJSON))
    assert len(rows) == NDJSON_BATCH_ROWS + 3
    assert len({row["id"] for row in rows}) == NDJSON_BATCH_ROWS + 3
    page = (await client.get(f"{SCHOOLS}?district_id={district.id}&limit=5&sort=name")).json()
    assert rows[:5] == page["items"]
    by_query = lines(await client.get(f"{SCHOOLS}?district_id={district.id}&format=ndjson"))
    assert by_query == rows


async def test_the_export_holds_only_what_the_reader_may_read(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    district = await make_district(session)
    ours, theirs = new_school(district, name="Ours"), new_school(district, name="Theirs")
    session.add_all([ours, theirs])
    await session.flush()
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    rows = lines(await coordinator.get(SCHOOLS, headers=NDJSON))
    assert [row["id"] for row in rows] == [str(ours.id)]


async def test_other_lists_stream_as_ndjson_too(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_partner(session, name="Read Ahead")
    rows = lines(await client.get("/api/v1/partners?q=Read%20Ahead", headers=NDJSON))
    assert [(row["id"], row["name"]) for row in rows] == [(str(partner.id), "Read Ahead")]
    assert "text/csv" in (await client.get("/api/v1/partners?format=csv")).headers["content-type"]


async def test_a_format_other_than_json_csv_or_ndjson_is_refused(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(f"{SCHOOLS}?format=xml")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "format" in response.text
