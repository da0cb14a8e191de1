"""Records the database renders as JSON for the feed read exactly as the resource's own
read shows them: times to the microsecond (trailing zeros and all), text with quotes and
accents, nulls."""

import datetime as dt

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import School
from tests.directory.factories import make_district, make_school
from tests.integrations.feed import feed, last_seq

SCHOOLS = "/api/v1/schools"


async def test_a_rendered_record_is_the_resources_own_read(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    district = await make_district(session, name='Él "Distrito"\\ Unificado')
    whole, tenths = await make_school(session, district), await make_school(session, district)
    times = {
        whole.id: dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC),
        tenths.id: dt.datetime(2026, 3, 1, 8, 0, 0, 590_000, tzinfo=dt.UTC),
    }
    for school_id, moment in times.items():
        await session.execute(
            update(School).where(School.id == school_id).values(created_at=moment)
        )
    await session.commit()
    start = await last_seq(client)
    for school in (whole, tenths):
        edited = await client.patch(
            f"{SCHOOLS}/{school.id}", json={"name": 'Ñandú\'s "best"', "phone": None}
        )
        assert edited.status_code == 200, edited.text
    renamed = await client.patch(f"/api/v1/districts/{district.id}", json={"state": "NM"})
    assert renamed.status_code == 200, renamed.text

    events = await feed(client, start)
    for school in (whole, tenths):
        [seen] = [e for e in events if e["resource_id"] == str(school.id)]
        own = (await client.get(f"{SCHOOLS}/{school.id}")).json()
        assert seen["record"] == {name: own[name] for name in seen["record"]}
        assert seen["record"]["name"] == 'Ñandú\'s "best"'
    assert {e["record"]["created_at"] for e in events if e["resource"] == "schools"} == {
        "2026-03-01T08:00:00+00:00",
        "2026-03-01T08:00:00.590000+00:00",
    }
    [district_event] = [e for e in events if e["resource"] == "districts"]
    own_district = (await client.get(f"/api/v1/districts/{district.id}")).json()
    assert district_event["record"] == {
        name: own_district[name] for name in district_event["record"]
    }
    assert district_event["record"]["name"] == 'Él "Distrito"\\ Unificado'
