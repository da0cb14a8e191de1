"""An agreement's events reach everyone who sees the agreement: each school it names, every
school of the district it covers as a whole, its district and its partner."""

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school
from tests.integrations.feed import EVENTS, feed_ids, last_seq
from tests.partners.factories import days, make_partner
from tests.partners.helpers import AGREEMENTS, agreement_body


async def test_each_school_an_agreement_names_sees_its_events(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    district = await make_district(session)
    first, second, unrelated = [await make_school(session, district) for _ in range(3)]
    partner = await make_partner(session)
    start = await last_seq(client)
    created = await client.post(AGREEMENTS, json=agreement_body(partner.id, [first.id, second.id]))
    assert created.status_code == 201, created.text
    agreement_id = created.json()["id"]
    logged = await client.post(
        f"{AGREEMENTS}/{agreement_id}/interactions",
        json={"occurred_on": str(days(0)), "kind": "call", "action_items": [{"text": "Call"}]},
    )
    assert logged.status_code == 201, logged.text
    written = [agreement_id, logged.json()["id"], logged.json()["action_items"][0]["id"]]
    for who in (
        await sign_in(Role.coordinator, school_ids=[first.id]),
        await sign_in(Role.coordinator, school_ids=[second.id]),
        await sign_in(Role.viewer, school_ids=[second.id]),
        await sign_in(Role.district_manager, district_ids=[district.id]),
        await sign_in(Role.partner, partner_id=partner.id),
    ):
        assert sorted(await feed_ids(who, start)) == sorted(written)
    for stranger in (
        await sign_in(Role.coordinator, school_ids=[unrelated.id]),
        await sign_in(Role.partner, partner_id=uuid.uuid4()),
    ):
        assert await feed_ids(stranger, start) == []


async def test_a_district_wide_agreement_reaches_every_school_of_its_district(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    district, elsewhere = await make_district(session), await make_district(session)
    school, far = await make_school(session, district), await make_school(session, elsewhere)
    partner = await make_partner(session)
    start = await last_seq(client)
    created = await client.post(
        AGREEMENTS, json=agreement_body(partner.id, district_id=str(district.id))
    )
    assert created.status_code == 201, created.text
    coordinator = await sign_in(Role.coordinator, school_ids=[school.id])
    assert await feed_ids(coordinator, start) == [created.json()["id"]]
    assert await feed_ids(await sign_in(Role.coordinator, school_ids=[far.id]), start) == []


async def test_a_school_taken_off_an_agreement_sees_it_leave(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    district = await make_district(session)
    kept, dropped = await make_school(session, district), await make_school(session, district)
    partner = await make_partner(session)
    created = await client.post(AGREEMENTS, json=agreement_body(partner.id, [kept.id, dropped.id]))
    url = f"{AGREEMENTS}/{created.json()['id']}"
    start = await last_seq(client)
    assert (await client.patch(url, json={"school_ids": [str(kept.id)]})).status_code == 200
    coordinator = await sign_in(Role.coordinator, school_ids=[dropped.id])
    (event,) = (await coordinator.get(f"{EVENTS}?after={start}")).json()["items"]
    assert (event["resource_id"], event["operation"]) == (created.json()["id"], "update")
    # Told once that it left; what happens to the agreement afterwards is not its business.
    after = event["seq"]
    assert (await client.patch(url, json={"title": "Renamed"})).status_code == 200
    assert await feed_ids(coordinator, after) == []
    assert await feed_ids(await sign_in(Role.coordinator, school_ids=[kept.id]), after) == [
        created.json()["id"]
    ]
