"""A page PostgreSQL writes whole is the page Python shapes, event for event, for every
reader: records as each may read them, parents, collections and keys, tombstones, events
written before events named their keys, and events of resources the feed cannot show."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.core.scope import Scope
from api.integrations import events as feed_route
from api.integrations.feed_page import rendered_page
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.integrations.feed import EVENTS, last_seq

pytestmark = pytest.mark.postgres_only

SCHOOLS = "/api/v1/schools"


async def _log(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, Any]:
    """A log of every kind of event a page of schools and districts can hold."""
    ours, theirs = await make_district(session), await make_district(session)
    kept, moved = await make_school(session, ours), await make_school(session, ours)
    await session.commit()
    made = await client.post(
        SCHOOLS, json={"name": 'Él "Elm"', "district_id": str(ours.id), "nces_id": "480000000101"}
    )
    assert made.status_code == 201, made.text
    url = f"{SCHOOLS}/{made.json()['id']}"
    rekeyed = await client.patch(url, json={"nces_id": "480000000102", "state_school_id": "S-1"})
    assert rekeyed.status_code == 200, rekeyed.text
    assert (await client.delete(url)).status_code == 204
    for school, district in ((kept, ours), (moved, theirs)):
        edited = await client.patch(
            f"{SCHOOLS}/{school.id}", json={"district_id": str(district.id), "phone": None}
        )
        assert edited.status_code == 200, edited.text
    renamed = await client.patch(f"/api/v1/districts/{ours.id}", json={"name": "Renamed"})
    assert renamed.status_code == 200, renamed.text
    # Written before events named their keys (or by a bulk importer), of a live record
    # and of one long gone; and of a resource the feed has no entry for.
    gone = uuid.uuid4()
    for resource, record_id, operation in (
        ("schools", kept.id, "update"),
        ("schools", gone, "update"),
        ("schools", gone, "delete"),
        ("ledgers", gone, "create"),
    ):
        session.add(
            Event(
                actor="import",
                resource=resource,
                resource_id=record_id,
                operation=operation,
                version=2,
                district_id=ours.id,
                school_id=kept.id,
            )
        )
    await session.commit()
    return {"ours": ours.id, "theirs": theirs.id, "kept": kept.id, "moved": moved.id}


async def _pages(reader: httpx.AsyncClient, start: int, limit: int) -> list[Any]:
    pages, after = [], start
    while True:
        page = await reader.get(EVENTS, params={"after": after, "limit": limit})
        assert page.status_code == 200, page.text
        pages.append((page.json(), page.headers.get("link"), page.headers["content-type"]))
        if page.json()["next_after"] == after:
            return pages
        after = page.json()["next_after"]


async def test_a_page_postgresql_writes_is_the_page_python_shapes(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sign_in: SignIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = await last_seq(client)
    made = await _log(client, session)
    readers = [
        client,
        await sign_in(Role.district_manager, district_ids=[made["ours"]]),
        await sign_in(Role.district_manager, district_ids=[made["theirs"]]),
        await sign_in(Role.coordinator, school_ids=[made["kept"]]),
        await sign_in(Role.coordinator, school_ids=[made["moved"]]),
    ]
    written: list[str | None] = []

    async def watched(
        session: AsyncSession, scope: Scope, heads: Sequence[Mapping[str, Any]], **kw: Any
    ) -> str | None:
        page = await rendered_page(session, scope, heads, **kw)
        written.append(page)
        return page

    async def declined(*args: Any, **kw: Any) -> None:
        return None

    for reader in readers:
        for limit in (1000, 3):
            monkeypatch.setattr(feed_route, "rendered_page", watched)
            by_postgresql = await _pages(reader, start, limit)
            monkeypatch.setattr(feed_route, "rendered_page", declined)
            by_python = await _pages(reader, start, limit)
            assert by_postgresql == by_python
    assert written
    assert all(page is not None for page in written)
    (everything, _, _) = (await _pages(client, start, 1000))[0]
    events = everything["items"]
    assert {e["resource"] for e in events} == {"schools", "districts", "ledgers"}
    [unknown] = [e for e in events if e["resource"] == "ledgers"]
    assert (unknown["collection"], unknown["keys"], unknown["record"]) == (None, None, None)
    unnamed = [e for e in events if e["actor"] == "import" and e["resource"] == "schools"]
    assert [e["record"] is not None for e in unnamed] == [True, False, False]
    assert unnamed[0]["keys"]["after"] == unnamed[0]["keys"]["before"] is not None
    assert unnamed[0]["parent"] == {"resource": "districts", "id": str(made["ours"])}
