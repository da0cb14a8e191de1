"""The helpers every list is built from: filters that filter nothing when not given,
instants compared as instants, ties broken by id, and the query parameters a list
route reads, in the order the spec lists them."""

import datetime as dt
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from api.core.errors import NotFound
from api.core.filtering import any_of, containing, flag, narrowed, since
from api.core.listing import Listing, ListQuery, filter_params, list_params
from api.core.pagination import PageParams
from api.core.params import Q, UpdatedSince
from api.core.sort_order import SortOrder
from api.directory.models import District
from tests.directory.factories import make_district

NAMES = SortOrder.of(District, "name", "state", default="name")


def names_only() -> object:
    return select(District.id, District.name, District.state).where(District.name.like("Tie%"))


def test_a_filter_not_given_or_given_empty_filters_nothing() -> None:
    base = select(District.id)
    assert any_of(District.state, None) is None
    assert any_of(District.state, []) is None
    assert since(District.updated_at, None) is None
    assert flag(District.name.is_(None), None) is None
    assert containing("", District.name) is None
    assert containing(None, District.name) is None
    assert str(narrowed(base, None, None)) == str(base)


async def test_any_of_keeps_the_rows_holding_one_of_the_values(session: AsyncSession) -> None:
    await make_district(session, name="Tie A", state="CA")
    await make_district(session, name="Tie B", state="NY")
    await make_district(session, name="Tie C", state="TX")
    stmt = narrowed(names_only(), any_of(District.state, iter(["NY", "TX"])))  # type: ignore[arg-type]
    assert sorted((await session.execute(stmt)).scalars(District.name)) == ["Tie B", "Tie C"]


async def test_since_compares_instants_whatever_their_zone(session: AsyncSession) -> None:
    district = await make_district(session, name="Tie zone")
    changed = district.updated_at.astimezone(dt.timezone(dt.timedelta(hours=-7)))
    plus_two = dt.timezone(dt.timedelta(hours=2))
    just_before = (changed - dt.timedelta(seconds=1)).astimezone(plus_two)
    just_after = (changed + dt.timedelta(seconds=1)).astimezone(plus_two)
    found = [
        await session.scalar(narrowed(select(District.id), District.id == district.id, c))
        for c in (since(District.updated_at, changed), since(District.updated_at, just_before))
    ]
    assert found == [district.id, district.id]
    later = narrowed(
        select(District.id), District.id == district.id, since(District.updated_at, just_after)
    )
    assert await session.scalar(later) is None


async def test_ties_are_broken_by_id_in_the_direction_of_the_last_key(
    session: AsyncSession,
) -> None:
    made = [await make_district(session, name="Tie", state="CA") for _ in range(4)]
    ids = sorted(district.id for district in made)
    for sort, expected in (("name", ids), ("-name", ids[::-1]), ("state,-name", ids[::-1])):
        exported = (await session.execute(NAMES.ordered(names_only(), sort))).scalars().all()
        assert exported == expected
        seen, cursor = [], None
        while True:
            page = await NAMES.page(session, names_only(), PageParams(1, cursor, False, sort))
            seen += [row["id"] for row in page.rows]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert seen == expected


async def test_a_list_query_shapes_its_page_and_counts_it(session: AsyncSession) -> None:
    for name in ("Tie 1", "Tie 2", "Tie 3"):
        await make_district(session, name=name)

    async def bodies(rows: list[dict[str, object]]) -> list[str]:
        return [str(row["name"]).upper() for row in rows]

    query = ListQuery(names_only(), NAMES, bodies=bodies)  # type: ignore[arg-type]
    page = await query.page(session, PageParams(2, None, True, None))
    assert (page.rows, page.total) == (["TIE 1", "TIE 2"], 3)
    assert page.next_cursor is not None


def test_a_list_route_reads_format_then_its_filters_then_the_page() -> None:
    app = FastAPI()
    made = filter_params(
        dict,
        state=Annotated[list[str] | None, Query(description="Two-letter state.")],
        q=Q,
        updated_since=UpdatedSince,
    )
    Things = Annotated[Listing[dict[str, object]], Depends(list_params(made, NAMES))]

    @app.get("/things")
    async def list_things(listing: Things) -> Response:
        return Response(repr(listing.filters))

    spec = app.openapi()["paths"]["/things"]["get"]["parameters"]
    assert [p["name"] for p in spec] == [
        "format",
        "state",
        "q",
        "updated_since",
        "limit",
        "cursor",
        "include_total",
        "sort",
    ]
    assert spec[1]["description"] == "Two-letter state."
    assert spec[1]["schema"]["anyOf"][0]["type"] == "array"


async def test_filters_read_from_the_query_string_come_in_utc() -> None:
    app = FastAPI()
    made = filter_params(
        dict, state=Annotated[list[str] | None, Query()], updated_since=UpdatedSince
    )

    @app.get("/things")
    async def list_things(filters: Annotated[dict[str, object], Depends(made)]) -> dict[str, str]:
        return {name: repr(value) for name, value in filters.items()}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get(
            "/things", params={"state": ["CA", "NY"], "updated_since": "2026-01-01T02:00:00+02:00"}
        )
        empty = await client.get("/things")
    assert answer.json() == {
        "state": "['CA', 'NY']",
        "updated_since": repr(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    }
    assert empty.json() == {"state": "None", "updated_since": "None"}


async def test_one_item_is_shaped_like_a_page_and_404_outside_the_list(
    session: AsyncSession,
) -> None:
    inside = await make_district(session, name="Tie one")
    outside = await make_district(session, name="Elsewhere")

    def bodies(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{"name": str(row["name"]).upper()} for row in rows]

    query = ListQuery(names_only(), NAMES, bodies=bodies)  # type: ignore[arg-type]
    assert await query.one(session, inside.id, "district") == {"name": "TIE ONE"}
    with pytest.raises(NotFound, match=f"No district with id {outside.id}."):
        await query.one(session, outside.id, "district")
