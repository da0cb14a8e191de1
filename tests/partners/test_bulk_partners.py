"""Bulk upsert of partners: a mixed batch from school staff, answered row by row."""

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.partners.models import Partner
from tests.auth.helpers import sign_in_as
from tests.core.bulk import Names, answers, events_after, last_seq
from tests.directory.factories import make_school
from tests.partners.factories import make_agreement, make_partner
from tests.partners.helpers import PARTNERS


def partner_row(**overrides: Any) -> dict[str, Any]:
    return {"name": "Bright Futures", "kind": "nonprofit", "focus_areas": ["tutoring"]} | overrides


async def test_mixed_partner_batch_is_answered_row_by_row(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine, other = await make_school(session), await make_school(session)
    engaged = await make_partner(session, ein="11-1111111", name="Engaged")
    await make_agreement(session, engaged, [mine])
    elsewhere = await make_partner(session, external_id="crm-2", name="Elsewhere")
    await make_agreement(session, elsewhere, [other])
    headers = await sign_in_as(session, Role.coordinator, school_ids=[mine.id])
    names = Names({engaged.id: "engaged", elsewhere.id: "elsewhere"})
    rows = [
        partner_row(ein="33-3333333", name="Brand new"),
        partner_row(ein="11-1111111", name="Engaged, renamed"),
        partner_row(external_id="crm-2", name="Not ours"),
        partner_row(ein="bad"),
        partner_row(ein="33-3333333", name="Brand new, renamed"),
        partner_row(ein="11-1111111", name="Engaged, renamed"),
        partner_row(id=str(uuid.uuid4()), ein="11-1111111", name="Twin"),
        partner_row(id=str(engaged.id), ein="33-3333333", name="Engaged, renamed"),
        partner_row(kind="club"),
    ]
    before = await last_seq(session)
    atomic = await anonymous_client.post(
        f"{PARTNERS}/bulk?atomic=true", json={"items": rows}, headers=headers
    )
    assert atomic.status_code == 422, atomic.text
    assert [(e["loc"][2], e["type"]) for e in atomic.json()["errors"]] == [
        (2, "forbidden"),
        (3, "string_pattern_mismatch"),
        (6, "conflict"),
    ]
    assert await events_after(session, before, names) == []

    response = await anonymous_client.post(
        f"{PARTNERS}/bulk", json={"items": rows}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert answers(response.json(), names) == [
        ("created", "new1", 1, []),
        ("updated", "engaged", 2, []),
        ("error", None, None, [((), "forbidden")]),
        ("error", None, None, [(("ein",), "string_pattern_mismatch")]),
        ("updated", "new1", 2, []),
        ("unchanged", "engaged", 2, []),
        ("error", None, None, [((), "conflict")]),
        ("error", None, None, [((), "conflict")]),
        ("error", None, None, [(("kind",), "enum")]),
    ]
    every_field = sorted(c.key for c in Partner.__table__.columns)
    assert await events_after(session, before, names) == [
        ("create", "new1", 1, every_field, None, None, "new1"),
        ("update", "engaged", 2, ["name"], None, None, "engaged"),
        ("update", "new1", 2, ["name"], None, None, "new1"),
    ]
    stored = await session.execute(
        select(Partner.ein, Partner.name).where(Partner.ein.is_not(None))
    )
    assert dict(stored.all()) == {
        "11-1111111": "Engaged, renamed",
        "33-3333333": "Brand new, renamed",
    }


async def test_bulk_rows_store_list_fields_as_given(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # A JSON list is one value of its row: it must not be spread over the batch's rows.
    kept = await make_partner(session, ein="11-1111111", focus_areas=["funding"])
    before = await last_seq(session)
    rows = [
        partner_row(ein="11-1111111", focus_areas=["health", "college_career"]),
        partner_row(ein="22-2222222", focus_areas=["tutoring", "mentoring", "enrichment"]),
        partner_row(ein="33-3333333", focus_areas=[]),
    ]
    response = await client.post(f"{PARTNERS}/bulk", json={"items": rows})
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["updated", "created", "created"]
    stored = await session.execute(
        select(Partner.ein, Partner.focus_areas).where(Partner.ein.is_not(None))
    )
    assert dict(stored.all()) == {
        "11-1111111": ["health", "college_career"],
        "22-2222222": ["tutoring", "mentoring", "enrichment"],
        "33-3333333": [],
    }
    changes = await session.scalars(
        select(Event.changes).where(Event.seq > before).order_by(Event.seq)
    )
    assert [c["focus_areas"] for c in changes] == [
        [["funding"], ["health", "college_career"]],
        [None, ["tutoring", "mentoring", "enrichment"]],
        [None, []],
    ]
    assert response.json()["results"][0]["id"] == str(kept.id)
