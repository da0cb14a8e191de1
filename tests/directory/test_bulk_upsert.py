"""Bulk upsert of schools, districts and people: mixed batches answered row by row.

Each batch mixes new, changed and unchanged rows, invalid ones, rows matching records
outside the caller's scope, natural keys repeated within the batch and rows that would
take a key another record holds; the answers and the events are those of writing the
rows one after another.
"""

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event, EventPlace
from api.directory.models import District, Person, School
from tests.auth.helpers import sign_in_as
from tests.core.bulk import Names, answers, events_after, last_seq
from tests.directory.factories import make_assignment, make_district, make_person, make_school

SCHOOLS, DISTRICTS, PEOPLE = "/api/v1/schools", "/api/v1/districts", "/api/v1/people"
VALID = ("body", "items")


def school_row(district_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": "Lincoln Elementary",
        "district_id": str(district_id),
        "level": "elementary",
        "grade_low": "PK",
        "grade_high": "05",
        "locale_code": 41,
        "state": "CA",
        "zip": "95616",
    }
    return row | overrides


async def test_mixed_school_batch_is_answered_row_by_row(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine, far = await make_district(session), await make_district(session)
    changed = await make_school(session, mine, nces_id="060000000001", name="Old")
    same = await make_school(
        session,
        mine,
        nces_id="060000000002",
        state_school_id="SS-2",
        name="Lincoln Elementary",
        grade_low="PK",
        grade_high="05",
        locale_code=41,
        zip="95616",
    )
    outside = await make_school(session, far, nces_id="060000000003")
    headers = await sign_in_as(session, Role.district_manager, district_ids=[mine.id])
    names = Names({mine.id: "mine", changed.id: "changed", same.id: "same", outside.id: "x"})
    rows = [
        school_row(mine.id, nces_id="060000000010", name="Brand New"),
        school_row(mine.id, nces_id="060000000001", name="Renamed"),
        school_row(mine.id, state_school_id="SS-2"),
        school_row(mine.id, nces_id="bad"),
        school_row(mine.id, nces_id="060000000003", name="Taken Over"),
        school_row(mine.id, nces_id="060000000010", name="Brand New Again"),
        school_row(mine.id, nces_id="060000000001", name="Renamed"),
        school_row(far.id, nces_id="060000000011"),
        school_row(mine.id, id=str(uuid.uuid4()), nces_id="060000000001"),
        school_row(mine.id, id=str(changed.id), nces_id="060000000010", name="Renamed"),
        school_row(mine.id, id=str(same.id), nces_id="060000000012", state_school_id="SS-2"),
        school_row(mine.id, nces_id="060000000002", name="Reborn"),
        school_row(mine.id, nces_id="060000000013", grade_low="05", grade_high="PK"),
    ]
    before = await last_seq(session)
    atomic = await anonymous_client.post(
        f"{SCHOOLS}/bulk?atomic=true", json={"items": rows}, headers=headers
    )
    assert atomic.status_code == 422, atomic.text
    assert [(e["loc"][:3], e["type"]) for e in atomic.json()["errors"]] == [
        ([*VALID, 3], "string_pattern_mismatch"),
        ([*VALID, 4], "not-found"),
        ([*VALID, 7], "reference"),
        ([*VALID, 8], "conflict"),
    ]
    assert await events_after(session, before, names) == []

    response = await anonymous_client.post(f"{SCHOOLS}/bulk", json={"items": rows}, headers=headers)
    assert response.status_code == 200, response.text
    result = response.json()
    assert answers(result, names) == [
        ("created", "new1", 1, []),
        ("updated", "changed", 2, []),
        ("unchanged", "same", 1, []),
        ("error", None, None, [(("nces_id",), "string_pattern_mismatch")]),
        ("error", None, None, [((), "not-found")]),
        ("updated", "new1", 2, []),
        ("unchanged", "changed", 2, []),
        ("error", None, None, [(("body", "district_id"), "reference")]),
        ("error", None, None, [((), "conflict")]),
        ("error", None, None, [((), "conflict")]),
        ("updated", "same", 2, []),
        ("created", "new2", 1, []),
        ("error", None, None, [((), "value_error")]),
    ]
    assert (result["created"], result["updated"], result["unchanged"], result["failed"]) == (
        2,
        3,
        2,
        6,
    )
    # The factory's school differs from the row in more than its name.
    renamed_fields = ["grade_low", "grade_low_rank", "locale_code", "locale_type", "name", "zip"]
    every_field = sorted(c.key for c in School.__table__.columns)
    assert await events_after(session, before, names) == [
        ("create", "new1", 1, every_field, "mine", "new1", None),
        ("update", "changed", 2, renamed_fields, "mine", "changed", None),
        ("update", "new1", 2, ["name"], "mine", "new1", None),
        ("update", "same", 2, ["nces_id"], "mine", "same", None),
        ("create", "new2", 1, every_field, "mine", "new2", None),
    ]
    stored = await session.execute(
        select(School.nces_id, School.name).where(School.district_id == mine.id)
    )
    assert dict(stored.all()) == {
        "060000000001": "Renamed",
        "060000000002": "Reborn",
        "060000000010": "Brand New Again",
        "060000000012": "Lincoln Elementary",
    }


async def test_mixed_people_batch_is_answered_row_by_row(
    anonymous_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine, far = await make_school(session), await make_school(session)
    staff = await make_person(session, sis_id="P-1", given_name="Old", family_name="Staff")
    await make_assignment(session, staff, school=mine)
    stranger = await make_person(session, sis_id="P-2")
    await make_assignment(session, stranger, school=far)
    headers = await sign_in_as(session, Role.district_manager, district_ids=[mine.district_id])
    names = Names({staff.id: "staff", mine.id: "mine", mine.district_id: "district"})
    rows: list[dict[str, Any]] = [
        {"sis_id": "P-3", "given_name": "New", "family_name": "Hire"},
        {"sis_id": "P-1", "given_name": "Renamed", "family_name": "Staff"},
        {"sis_id": "P-2", "given_name": "Taken", "family_name": "Over"},
        {"sis_id": "P-4", "given_name": "", "family_name": "Blank"},
        # A person nobody has placed yet is outside a manager's scope, even one just added.
        {"sis_id": "P-3", "given_name": "Newer", "family_name": "Hire"},
        {"id": str(staff.id), "given_name": "Renamed", "family_name": "Staff"},
        {"id": str(uuid.uuid4()), "sis_id": "P-1", "given_name": "Twin", "family_name": "Staff"},
        {"id": str(staff.id), "sis_id": "P-5", "given_name": "Renamed", "family_name": "Staff"},
        {"sis_id": "P-1", "given_name": "Freed", "family_name": "Key"},
    ]
    before = await last_seq(session)
    response = await anonymous_client.post(f"{PEOPLE}/bulk", json={"items": rows}, headers=headers)
    assert response.status_code == 200, response.text
    assert answers(response.json(), names) == [
        ("created", "new1", 1, []),
        ("updated", "staff", 2, []),
        ("error", None, None, [((), "not-found")]),
        ("error", None, None, [(("given_name",), "string_too_short")]),
        ("error", None, None, [((), "not-found")]),
        ("unchanged", "staff", 2, []),
        ("error", None, None, [((), "conflict")]),
        ("updated", "staff", 3, []),
        ("created", "new2", 1, []),
    ]
    every_field = sorted(c.key for c in Person.__table__.columns)
    assert await events_after(session, before, names) == [
        ("create", "new1", 1, every_field, None, None, None),
        ("update", "staff", 2, ["given_name"], None, None, None),
        ("update", "staff", 3, ["sis_id"], None, None, None),
        ("create", "new2", 1, every_field, None, None, None),
    ]
    # A person's change reaches wherever they hold a role; a new person is nowhere yet.
    places = await session.execute(
        select(Event.operation, EventPlace.school_id)
        .join(EventPlace, EventPlace.seq == Event.seq)
        .where(Event.seq > before)
    )
    assert sorted(places.all()) == [("update", mine.id), ("update", mine.id)]
    stored = await session.execute(select(Person.sis_id, Person.given_name))
    assert {sis: name for sis, name in stored if sis} == {
        "P-1": "Freed",
        "P-2": stranger.given_name,
        "P-3": "New",
        "P-5": "Renamed",
    }


async def test_an_administrator_changes_a_person_the_batch_added(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    rows = [
        {"sis_id": "A-1", "given_name": "First", "family_name": "Row"},
        {"sis_id": "A-1", "given_name": "Second", "family_name": "Row"},
        {"sis_id": "A-1", "given_name": "Second", "family_name": "Row"},
    ]
    result = (await client.post(f"{PEOPLE}/bulk", json={"items": rows})).json()
    names = Names({})
    assert answers(result, names) == [
        ("created", "new1", 1, []),
        ("updated", "new1", 2, []),
        ("unchanged", "new1", 2, []),
    ]


async def test_mixed_district_batches_by_role(
    anonymous_client: httpx.AsyncClient, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine = await make_district(session, nces_leaid="0600001", name="Mine")
    same = await make_district(session, state_district_id="SD-2", name="Same", state="CA")
    far = await make_district(session, nces_leaid="0600003")
    school = await make_school(session, mine)
    coordinator = await sign_in_as(session, Role.coordinator, school_ids=[school.id])
    names = Names({mine.id: "mine", same.id: "same", far.id: "far"})
    rows: list[dict[str, Any]] = [
        {"nces_leaid": "0600001", "name": "Mine, renamed", "state": "CA"},
        {"nces_leaid": "0600003", "name": "Far", "state": "CA"},
        {"nces_leaid": "0600009", "name": "New", "state": "CA"},
        {"nces_leaid": "06", "name": "Bad", "state": "CA"},
    ]
    response = await anonymous_client.post(
        f"{DISTRICTS}/bulk", json={"items": rows}, headers=coordinator
    )
    assert answers(response.json(), names) == [
        ("error", None, None, [((), "forbidden")]),
        ("error", None, None, [((), "not-found")]),
        ("error", None, None, [((), "forbidden")]),
        ("error", None, None, [(("nces_leaid",), "string_pattern_mismatch")]),
    ]

    before = await last_seq(session)
    rows = [
        {"nces_leaid": "0600010", "name": "New", "state": "CA"},
        {"nces_leaid": "0600001", "name": "Mine, renamed", "state": "CA"},
        {"state_district_id": "SD-2", "name": "Same", "state": "CA"},
        {"nces_leaid": "0600010", "name": "New, renamed", "state": "CA"},
        {"id": str(uuid.uuid4()), "nces_leaid": "0600003", "name": "Twin", "state": "CA"},
        {"id": str(far.id), "nces_leaid": "0600001", "name": "Far", "state": "CA"},
        {"id": str(mine.id), "nces_leaid": "0600011", "name": "Mine, renamed", "state": "CA"},
        {"id": str(far.id), "nces_leaid": "0600001", "name": "Far", "state": "CA"},
    ]
    result = (await client.post(f"{DISTRICTS}/bulk", json={"items": rows})).json()
    assert answers(result, names) == [
        ("created", "new1", 1, []),
        ("updated", "mine", 2, []),
        ("unchanged", "same", 1, []),
        ("updated", "new1", 2, []),
        ("error", None, None, [((), "conflict")]),
        ("error", None, None, [((), "conflict")]),
        ("updated", "mine", 3, []),
        ("updated", "far", 2, []),
    ]
    assert await events_after(session, before, names) == [
        (
            "create",
            "new1",
            1,
            sorted(c.key for c in District.__table__.columns),
            "new1",
            None,
            None,
        ),
        ("update", "mine", 2, ["name"], "mine", None, None),
        ("update", "new1", 2, ["name"], "new1", None, None),
        ("update", "mine", 3, ["nces_leaid"], "mine", None, None),
        ("update", "far", 2, ["name", "nces_leaid"], "far", None, None),
    ]
