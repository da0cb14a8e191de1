"""A page of agreements, interactions, goals or people names its partners, people, schools and
districts in one list call by `ids`, and `ids` never reaches past what the caller may see."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.params import MAX_IDS
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_person, make_school
from tests.partners.factories import make_partner

PEOPLE = "/api/v1/people"
PARTNERS = "/api/v1/partners"
SCHOOLS = "/api/v1/schools"
DISTRICTS = "/api/v1/districts"


def ids_query(ids: list[object]) -> str:
    return "&".join(f"ids={i}" for i in ids)


async def listed(caller: httpx.AsyncClient, url: str) -> list[str]:
    response = await caller.get(url)
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


async def test_partners_by_ids(client: httpx.AsyncClient, session: AsyncSession) -> None:
    wanted = [await make_partner(session, name=f"Wanted {n}") for n in range(3)]
    await make_partner(session, name="Not asked for")
    found = await listed(client, f"{PARTNERS}?{ids_query([p.id for p in wanted])}&limit=10")
    assert found == sorted(str(p.id) for p in wanted)
    # Combined with other filters, as any filter is.
    only_one = await listed(client, f"{PARTNERS}?{ids_query([p.id for p in wanted])}&q=Wanted 1")
    assert only_one == [str(wanted[1].id)]


async def test_people_by_ids_only_within_scope(session: AsyncSession, sign_in: SignIn) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    here, there = await make_person(session), await make_person(session)
    await make_assignment(session, here, school=ours, role="teacher")
    await make_assignment(session, there, school=theirs, role="teacher")
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    admin = await sign_in(Role.admin)

    both = f"{PEOPLE}?{ids_query([here.id, there.id])}"
    assert await listed(admin, both) == sorted([str(here.id), str(there.id)])
    assert await listed(coordinator, both) == [str(here.id)]


async def test_schools_by_ids_only_within_scope(session: AsyncSession, sign_in: SignIn) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    await make_school(session)  # not asked for
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    admin = await sign_in(Role.admin)

    both = f"{SCHOOLS}?{ids_query([ours.id, theirs.id])}"
    assert await listed(admin, both) == sorted([str(ours.id), str(theirs.id)])
    assert await listed(coordinator, both) == [str(ours.id)]
    # Combined with other filters, as any filter is.
    assert await listed(admin, f"{both}&q={theirs.name}") == [str(theirs.id)]


async def test_districts_by_ids_only_within_scope(session: AsyncSession, sign_in: SignIn) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    await make_school(session)  # its district is not asked for
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    admin = await sign_in(Role.admin)

    both = f"{DISTRICTS}?{ids_query([ours.district_id, theirs.district_id])}"
    assert await listed(admin, both) == sorted([str(ours.district_id), str(theirs.district_id)])
    assert await listed(coordinator, both) == [str(ours.district_id)]


async def test_too_many_ids_is_a_bad_request(client: httpx.AsyncClient) -> None:
    ids = [f"00000000-0000-7000-8000-{n:012d}" for n in range(MAX_IDS + 1)]
    for url in (PEOPLE, PARTNERS, SCHOOLS, DISTRICTS):
        response = await client.get(f"{url}?{ids_query(ids)}")
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "ids" in response.text
        assert (await client.get(f"{url}?{ids_query(ids[:MAX_IDS])}")).status_code == 200
