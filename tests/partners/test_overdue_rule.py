"""Partnership health: an agreement is overdue after one and a half cadences with no interaction."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.directory.factories import make_school
from tests.partners.factories import days, make_agreement, make_interaction, make_partner
from tests.partners.helpers import AGREEMENTS


@pytest.mark.parametrize(
    ("cadence", "days_since", "overdue"),
    [
        ("weekly", 10, False),
        ("weekly", 11, True),  # more than 10.5 days
        ("biweekly", 21, False),  # exactly 1.5 x 14 is not more than it
        ("biweekly", 22, True),
        ("monthly", 45, False),
        ("monthly", 46, True),
        ("quarterly", 136, False),
        ("quarterly", 137, True),
        (None, 1000, False),  # no plan, nothing to be late for
    ],
)
async def test_overdue_after_one_and_a_half_cadences(
    client: httpx.AsyncClient,
    session: AsyncSession,
    cadence: str | None,
    days_since: int,
    overdue: bool,
) -> None:
    partner = await make_partner(session)
    agreement = await make_agreement(
        session,
        partner,
        [await make_school(session)],
        status="active",
        cadence=cadence,
        start_date=days(-2000),
    )
    await make_interaction(session, agreement, occurred_on=days(-days_since))
    body = (await client.get(f"{AGREEMENTS}/{agreement.id}")).json()
    assert body["health"]["overdue"] is overdue
    assert body["health"]["days_since_last_interaction"] == days_since
    listed = await client.get(
        f"{AGREEMENTS}?partner_id={partner.id}&overdue={str(overdue).lower()}"
    )
    assert [i["id"] for i in listed.json()["items"]] == [str(agreement.id)]


@pytest.mark.parametrize(
    ("overrides", "last_offset", "overdue"),
    [
        ({"start_date": days(-46)}, None, True),  # nothing logged since it started
        ({"start_date": days(-45)}, None, False),
        ({"start_date": days(-20)}, -60, False),  # met before the start: the clock starts at start
        ({"start_date": days(5), "end_date": days(400)}, None, False),  # not started yet
        ({"status": "draft", "start_date": days(-300)}, None, False),
        ({"status": "active", "start_date": days(-300), "end_date": days(-1)}, None, False),
        ({"status": "terminated", "start_date": days(-300)}, None, False),
    ],
    ids=["start-46", "start-45", "met-before-start", "future", "draft", "expired", "terminated"],
)
async def test_overdue_clock_and_which_agreements_can_be_overdue(
    client: httpx.AsyncClient,
    session: AsyncSession,
    overrides: dict[str, Any],
    last_offset: int | None,
    overdue: bool,
) -> None:
    values = {"status": "active", "cadence": "monthly"} | overrides
    agreement = await make_agreement(
        session, await make_partner(session), [await make_school(session)], **values
    )
    if last_offset is not None:
        await make_interaction(session, agreement, occurred_on=days(last_offset))
    body = (await client.get(f"{AGREEMENTS}/{agreement.id}")).json()
    assert body["health"]["overdue"] is overdue
