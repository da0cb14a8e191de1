"""Resource amounts add up to totals the agreement can hold, or the body is refused."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.directory.factories import make_school
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import AGREEMENTS, agreement_body, assert_problem, events_for

LARGEST = 999999999999.99


@pytest.mark.parametrize("kind", ["funding", "in_kind", "volunteer_hours", "staff_time"])
async def test_totals_beyond_what_an_agreement_holds_are_422(
    client: httpx.AsyncClient, session: AsyncSession, kind: str
) -> None:
    partner, school = await make_partner(session), await make_school(session)
    resources = [{"type": kind, "amount": LARGEST}, {"type": kind, "amount": 0.01}]
    body = agreement_body(partner.id, [school.id], resources=resources)
    problem = assert_problem(await client.post(AGREEMENTS, json=body), 422)
    assert f"the {kind} resources add up to more than" in problem["detail"]
    draft = await make_agreement(session, partner, [school])
    patched = await client.patch(f"{AGREEMENTS}/{draft.id}", json={"resources": resources})
    assert_problem(patched, 422)
    assert await events_for(session, draft.id) == []


async def test_the_largest_total_is_stored(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner, school = await make_partner(session), await make_school(session)
    resources = [{"type": "funding", "amount": LARGEST - 1}, {"type": "funding", "amount": 1}]
    body = agreement_body(partner.id, [school.id], resources=resources)
    created = await client.post(AGREEMENTS, json=body)
    assert created.status_code == 201, created.text
    assert [r["amount"] for r in created.json()["resources"]] == [LARGEST - 1, 1]
