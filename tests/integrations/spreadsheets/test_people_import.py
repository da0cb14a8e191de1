"""People spreadsheets: the AskTED principals and superintendents placed in a directory
built from the CCD, on both databases."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Unprocessable
from api.core.events import PENDING_EVENTS
from api.core.scope import EVERYTHING, Scope
from api.directory.models import Person, RoleAssignment
from api.integrations.spreadsheets import import_people, people_mapping
from tests.directory.factories import make_district, make_person
from tests.integrations.spreadsheets.samples import (
    PRINCIPALS,
    SUPERINTENDENTS,
    askted_slice,
    bare,
    head,
)

LINES = 80


async def count(session: AsyncSession, model: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def principal_roles(session: AsyncSession) -> dict[tuple[str, Any], str | None]:
    """(email, school id) -> title of every principal role."""
    rows = await session.execute(
        select(func.lower(Person.email), RoleAssignment.school_id, RoleAssignment.title)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == "principal")
    )
    return {(email, school_id): title for email, school_id, title in rows}


async def test_principals_are_placed_at_their_campuses_and_the_rest_reported(
    session: AsyncSession, shared_data: Path
) -> None:
    data, lines, directory = await askted_slice(session, shared_data, PRINCIPALS, LINES)
    in_ccd = {
        number: line
        for line in lines
        if (number := bare(line["Organization Number"])) in directory.schools
    }
    assert 0 < len(in_ccd) < len(lines)  # the slice has placeable and unplaceable lines

    report = await import_people(
        session, EVERYTHING, data, people_mapping("tx-principals"), dry_run=False
    )

    assert report.created + report.updated + report.unchanged + report.failed == len(lines)
    roles = await principal_roles(session)
    failed = {error.line for error in report.errors}
    for number, line in in_ccd.items():
        email = line["Email Address"].strip().lower()
        if email and lines.index(line) + 2 not in failed:
            assert roles[(email, directory.schools[number].id)] == "PRINCIPAL"
    for error in report.errors:
        line = lines[error.line - 2]  # one physical line per record in this file
        if "is already that of" in error.message:  # two principals, one mailbox
            assert "map an external id" in error.message
            assert not any(
                other["Last Name"] == line["Last Name"]
                for other in lines
                if other["Email Address"].lower() == line["Email Address"].lower()
                and other is not line
            )
        elif bare(line["Organization Number"]) in directory.schools:  # a vacant post
            assert not line["Last Name"].strip()
            assert error.message == "the given or family name is empty"
        else:
            assert "no school has state id TX-" in error.message
        assert error.row["Organization Number"] == line["Organization Number"]
    assert report.failed == len(report.errors) > 0
    assert any("is already that of" in error.message for error in report.errors)
    assert await count(session, RoleAssignment) == len(
        [d for d in report.diff if d.resource == "role_assignments"]
    )


async def test_a_second_import_changes_nothing(session: AsyncSession, shared_data: Path) -> None:
    data, _, _ = await askted_slice(session, shared_data, PRINCIPALS, 40)
    mapping = people_mapping("tx-principals")
    first = await import_people(session, EVERYTHING, data, mapping, dry_run=False)
    people, roles = await count(session, Person), await count(session, RoleAssignment)

    again = await import_people(session, EVERYTHING, data, mapping, dry_run=False)

    assert first.created > 0
    assert (again.created, again.updated) == (0, 0), [
        d for d in again.diff if d.action != "unchanged"
    ]
    assert again.unchanged == first.created + first.updated + first.unchanged
    assert again.failed == first.failed
    assert {d.action for d in again.diff} == {"unchanged"}
    assert (await count(session, Person), await count(session, RoleAssignment)) == (people, roles)


async def test_a_dry_run_writes_nothing_and_queues_no_event(
    session: AsyncSession, shared_data: Path
) -> None:
    data, _, _ = await askted_slice(session, shared_data, PRINCIPALS, 40)
    queued = len(session.info.get(PENDING_EVENTS, []))

    report = await import_people(
        session, EVERYTHING, data, people_mapping("tx-principals"), dry_run=True
    )

    assert report.dry_run
    assert report.created > 0
    assert {d.action for d in report.diff} == {"create"}
    assert await count(session, Person) == 0
    assert await count(session, RoleAssignment) == 0
    assert len(session.info.get(PENDING_EVENTS, [])) == queued
    wet = await import_people(
        session, EVERYTHING, data, people_mapping("tx-principals"), dry_run=False
    )
    assert (wet.created, wet.updated, wet.failed) == (
        report.created,
        report.updated,
        report.failed,
    )


async def test_superintendents_hold_their_role_at_the_district(
    session: AsyncSession, shared_data: Path
) -> None:
    data, lines, directory = await askted_slice(session, shared_data, SUPERINTENDENTS, 30)

    report = await import_people(
        session, EVERYTHING, data, people_mapping("tx-superintendents"), dry_run=False
    )

    held = set(
        await session.execute(
            select(RoleAssignment.district_id, RoleAssignment.role, RoleAssignment.school_id)
        )
    )
    for line in lines:
        district = directory.districts.get(bare(line["Organization Number"]))
        if district is not None and line["Role"].strip().endswith("SUPERINTENDENT"):
            assert (district.id, "superintendent", None) in held
    placed = sum(bare(line["Organization Number"]) in directory.districts for line in lines)
    assert report.created + report.updated == placed
    assert report.failed == len(lines) - placed


async def test_a_person_is_matched_by_email_and_given_the_role(
    session: AsyncSession, shared_data: Path
) -> None:
    data, lines, directory = await askted_slice(session, shared_data, PRINCIPALS, 5)
    line = next(line for line in lines if bare(line["Organization Number"]) in directory.schools)
    stored = await make_person(
        session,
        given_name=line["First Name"].strip(),
        family_name="Maiden-Name",
        email=line["Email Address"].strip().lower(),
    )

    report = await import_people(
        session, EVERYTHING, data, people_mapping("tx-principals"), dry_run=False
    )

    assert report.failed == 0 or all(e.line != lines.index(line) + 2 for e in report.errors)
    roles = await session.scalars(
        select(RoleAssignment.school_id).where(RoleAssignment.person_id == stored.id)
    )
    assert directory.schools[bare(line["Organization Number"])].id in set(roles)
    await session.refresh(stored)
    assert stored.family_name == line["Last Name"].strip()
    assert await count(session, Person) == report.created + 1
    # The feed: whoever sees the campus gets the stored person before their new role,
    # and a person made here is created at their campus.
    school = directory.schools[bare(line["Organization Number"])]
    pending = session.info[PENDING_EVENTS]
    kinds = [(e.resource, e.resource_id, e.operation.value) for e in pending]
    shown = kinds.index(("people", stored.id, "visible"))
    role = await session.scalar(
        select(RoleAssignment.id).where(RoleAssignment.person_id == stored.id)
    )
    assert shown < kinds.index(("role_assignments", role, "create"))
    assert [(p.district_id, p.school_id) for p in pending[shown].places] == [
        (school.district_id, school.id)
    ]
    made = [e for e in pending if e.resource == "people" and e.operation.value == "create"]
    assert len(made) == report.created
    assert all(len(e.places) == 1 and e.places[0].school_id for e in made)


async def test_names_split_and_roles_from_an_explicit_mapping(session: AsyncSession) -> None:
    district = await make_district(session, name="Springfield USD", state_district_id="SP-1")
    data = (
        "\ufeffName,Job,District,Staff Id\r\n"
        '"DR JANE Q PUBLIC JR",Counselor,SP-1,=HYPERLINK(1)\r\n'
        '"Cher",Counselor,SP-1,x2\r\n'
        '"Ann Lee",Astronaut,SP-1,x3\r\n'
        '"Bo Diddley",Counselor,SP-9,x4\r\n'
    ).encode()
    mapping = people_mapping(
        {
            "columns": {
                "full_name": "Name",
                "role": "Job",
                "external_id": "Staff Id",
                "district_state_id": "District",
            }
        }
    )

    report = await import_people(session, EVERYTHING, data, mapping, dry_run=False)

    assert report.created == 1
    person = await session.scalar(select(Person))
    assert person is not None
    assert (person.given_name, person.family_name, person.sis_id) == (
        "JANE Q",
        "PUBLIC",
        "=HYPERLINK(1)",  # a formula-looking cell is kept as text
    )
    role = await session.scalar(select(RoleAssignment))
    assert role is not None
    assert (role.district_id, role.role) == (district.id, "counselor")
    reasons = {error.line: error.message for error in report.errors}
    assert "given from the family name" in reasons[3]
    assert "'Astronaut' is not one the mapping's roles name" in reasons[4]
    assert reasons[5] == "no district has state id SP-9"


async def test_rows_outside_the_callers_scope_are_reported_not_placed(
    session: AsyncSession, shared_data: Path
) -> None:
    data, lines, directory = await askted_slice(session, shared_data, SUPERINTENDENTS, 10)
    mine = next(iter(directory.districts.values()))
    scope = Scope(district_ids=frozenset({mine.id}))

    report = await import_people(
        session, scope, data, people_mapping("tx-superintendents"), dry_run=False
    )

    placed = await session.scalars(select(RoleAssignment.district_id))
    assert set(placed) == {mine.id}
    assert report.failed == len(lines) - 1


@pytest.mark.parametrize(
    ("mapping", "named"),
    [
        ("tx-teachers", "no ready-made mapping is named 'tx-teachers'"),
        ("{not json", "not valid JSON"),
        ({"columns": {"email": "Email"}}, "map full_name"),
        ({"columns": {"full_name": "N", "district_name": "D"}, "roles": {"X": "pilot"}}, "roles"),
        ({"columns": {"full_name": "N", "district_name": "D"}, "colour": "red"}, "colour"),
    ],
)
def test_a_bad_mapping_is_refused_with_422(mapping: Any, named: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        people_mapping(mapping)
    assert refused.value.status == 422
    assert named in refused.value.detail + str(refused.value.errors)


async def test_a_column_the_file_lacks_is_named_and_nothing_written(
    session: AsyncSession, shared_data: Path
) -> None:
    data = head(shared_data / PRINCIPALS, 5)
    mapping = people_mapping(
        {
            "columns": {
                "given_name": "First Name",
                "family_name": "Surname",
                "district_state_id": "TX-{District No}",
            },
            "default_role": "principal",
        }
    )

    with pytest.raises(Unprocessable) as refused:
        await import_people(session, EVERYTHING, data, mapping, dry_run=False)

    assert "'Surname' (for family_name)" in refused.value.detail
    assert "'District No' (for district_state_id)" in refused.value.detail
    assert await count(session, Person) == 0


async def test_one_person_on_several_lines_is_written_once_and_stays_unchanged(
    session: AsyncSession,
) -> None:
    first = await make_district(session, name="North ISD", state_district_id="TX-1")
    second = await make_district(session, name="South ISD", state_district_id="TX-2")
    data = (
        b"First,Last,Email,Phone,District\n"
        b"Ada,Lovelace,ada@example.org,555-0100,1\n"
        b"Ada,Lovelace,ADA@example.org,555-0199,2\n"
    )
    mapping = people_mapping(
        {
            "columns": {
                "given_name": "First",
                "family_name": "Last",
                "email": "Email",
                "phone": "Phone",
                "district_state_id": "TX-{District}",
            },
            "default_role": "director",
        }
    )

    report = await import_people(session, EVERYTHING, data, mapping, dry_run=False)
    again = await import_people(session, EVERYTHING, data, mapping, dry_run=False)

    assert (report.created, report.updated, report.failed) == (1, 1, 0)  # a second role
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    person = await session.scalar(select(Person))
    assert person is not None
    assert person.phone == "555-0100"  # the first line's
    districts = await session.scalars(
        select(RoleAssignment.district_id).where(RoleAssignment.person_id == person.id)
    )
    assert sorted(map(str, districts)) == sorted([str(first.id), str(second.id)])
