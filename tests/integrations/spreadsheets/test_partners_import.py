"""Partners spreadsheets: the NYC after-school programmes file, agencies as partners and
sites looked up as schools, on both databases."""

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Unprocessable
from api.core.events import PENDING_EVENTS
from api.core.scope import EVERYTHING, Scope
from api.integrations.spreadsheets import import_partners, partners_mapping
from api.partners.models import Partner
from tests.directory.factories import make_district, make_school
from tests.integrations.spreadsheets.samples import NYC, head, records
from tests.partners.factories import make_partner

LINES = 60
# Schools the test directory holds, and the (site, borough) lines that should find one.
SCHOOLS = [
    ("P.S. 205 Clarion School", "Brooklyn"),
    ("IS 49", "Staten Island"),
    ("Fred Doug High School", "New York"),  # NCES writes Manhattan's city as New York
    ("P.S. 19 Marino P. Jeantet School", "Corona"),  # the file says Queens: not placed
    ("IS 35", "Brooklyn"),
    ("IS 35", "Brooklyn"),  # two of one name: not placed, never guessed
]
PLACED = {
    ("p s 205 clarion school", "Brooklyn"),
    ("is 49", "Staten Island"),
    ("fred doug high school", "Manhattan"),
}


def plain(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split())


async def count(session: AsyncSession, model: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def nyc_directory(session: AsyncSession) -> dict[str, str]:
    """The test directory's schools: their ids by name."""
    district = await make_district(session, name="NYC Geographic District", state="NY")
    made = {}
    for name, city in SCHOOLS:
        made[name] = str((await make_school(session, district, name=name, city=city)).id)
    return made


async def test_agencies_become_partners_and_every_unplaced_site_is_reported(
    session: AsyncSession, shared_data: Path
) -> None:
    data = head(shared_data / NYC, LINES)
    lines = records(data)
    schools = await nyc_directory(session)

    report = await import_partners(
        session, EVERYTHING, data, partners_mapping("nyc-after-school"), dry_run=False
    )

    agencies = {plain(line["AGENCY"]) for line in lines}
    assert report.created == len(agencies) == await count(session, Partner)
    assert report.created + report.unchanged == len(lines)
    assert report.failed == 0
    placed = [
        line
        for line in lines
        if (plain(line["SITE NAME"]), line["BOROUGH / COMMUNITY"].strip()) in PLACED
    ]
    assert len(placed) == 3
    assert len(report.notes) == len(lines) - len(placed)
    reasons = {error.row["SITE NAME"]: error.message for error in report.notes}
    assert reasons["P.S. 19 MARINO P. JEANTET SCHOOL"] == (
        "site 'P.S. 19 MARINO P. JEANTET SCHOOL': the directory has no school named "
        "'P.S. 19 MARINO P. JEANTET SCHOOL' in Queens"
    )
    assert "the directory has 2 of school named 'IS 35' in Brooklyn" in reasons["IS 35"]
    sco = await session.scalar(select(Partner).where(Partner.name == "SCO Family of Services"))
    assert sco is not None
    # Transitional Independent Living (unmapped: other), Out of School Time, Beacon.
    assert set(sco.focus_areas) == {"other", "after_school"}
    assert sco.kind == "nonprofit"
    # The partner's diff entry names the schools its placed sites are at.
    at_schools = {d.keys["name"]: d.keys.get("school_ids") for d in report.diff}
    assert at_schools["Jewish Community Center of Staten Island"] == schools["IS 49"]
    assert at_schools["SCO Family of Services"] is None


async def test_a_second_import_changes_nothing_and_a_dry_run_writes_nothing(
    session: AsyncSession, shared_data: Path
) -> None:
    data = head(shared_data / NYC, LINES)
    await nyc_directory(session)
    mapping = partners_mapping("nyc-after-school")
    queued = len(session.info.get(PENDING_EVENTS, []))

    dry = await import_partners(session, EVERYTHING, data, mapping, dry_run=True)

    assert await count(session, Partner) == 0
    assert len(session.info.get(PENDING_EVENTS, [])) == queued
    first = await import_partners(session, EVERYTHING, data, mapping, dry_run=False)
    assert (dry.created, dry.unchanged, len(dry.notes)) == (
        first.created,
        first.unchanged,
        len(first.notes),
    )
    again = await import_partners(session, EVERYTHING, data, mapping, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, LINES)
    assert {d.action for d in again.diff} == {"unchanged"}
    assert await count(session, Partner) == first.created


async def test_a_stored_partner_is_matched_by_name_and_keeps_its_own_fields(
    session: AsyncSession, shared_data: Path
) -> None:
    data = head(shared_data / NYC, LINES)
    stored = await make_partner(
        session, name="Good Shepherd Services ", kind="faith_based", focus_areas=["mentoring"]
    )

    report = await import_partners(
        session, EVERYTHING, data, partners_mapping("nyc-after-school"), dry_run=False
    )

    await session.refresh(stored)
    assert stored.kind == "faith_based"
    assert stored.focus_areas == ["mentoring", "other", "after_school"]
    named = await session.scalar(
        select(func.count()).where(Partner.name.like("Good Shepherd%")).select_from(Partner)
    )
    assert named == 1
    updated = [d for d in report.diff if d.action == "update"]
    assert [d.keys["id"] for d in updated] == [str(stored.id)]


async def test_agencies_are_matched_by_ein_from_an_explicit_mapping(
    session: AsyncSession,
) -> None:
    stored = await make_partner(
        session, name="Old Name", ein="12-3456789", focus_areas=["mentoring"]
    )
    data = (
        b"Org,Tax Id,Programme\r\n"
        b'"New Name, Inc.",12-3456789,"Tutoring\r\nafter school"\r\n'
        b"Fresh Org,,Tutoring\r\n"
        b",,Tutoring\r\n"
    )
    mapping = partners_mapping(
        {
            "columns": {"agency": "Org", "ein": "Tax Id", "programme": "Programme"},
            "programmes": {"Tutoring after school": "tutoring", "Tutoring": "tutoring"},
        }
    )

    report = await import_partners(session, EVERYTHING, data, mapping, dry_run=False)

    assert (report.created, report.updated, report.failed) == (1, 1, 1)
    await session.refresh(stored)
    assert stored.name == "Old Name"
    assert stored.focus_areas == ["mentoring", "tutoring"]
    assert [(e.line, e.message) for e in report.errors] == [(5, "the agency's name is empty")]
    assert report.notes == []  # no site column mapped


@pytest.mark.parametrize(
    ("mapping", "named"),
    [
        ("nyc", "no ready-made mapping is named 'nyc'"),
        ({"columns": {"site": "SITE NAME"}}, "agency"),
        ({"columns": {"agency": "AGENCY"}, "kind": "club"}, "kind"),
        ({"columns": {"agency": "AGENCY"}, "programmes": {"Beacon": "sports"}}, "programmes"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_a_bad_partners_mapping_is_refused_with_422(mapping: Any, named: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        partners_mapping(mapping)
    assert named in refused.value.detail + str(refused.value.errors)


async def test_an_unknown_column_is_named_and_nothing_written(
    session: AsyncSession, shared_data: Path
) -> None:
    data = head(shared_data / NYC, 5)
    mapping = partners_mapping({"columns": {"agency": "AGENCY", "site": "SITE"}})

    with pytest.raises(Unprocessable) as refused:
        await import_partners(session, EVERYTHING, data, mapping, dry_run=True)

    assert refused.value.errors == [
        {
            "loc": ["mapping", "columns", "site"],
            "msg": "the file has no column 'SITE'",
            "type": "unknown_column",
        }
    ]
    assert await count(session, Partner) == 0


async def test_a_partner_organisation_cannot_add_partners_and_each_line_says_so(
    session: AsyncSession, shared_data: Path
) -> None:
    own = await make_partner(session, name="Our Own Org")
    data = head(shared_data / NYC, 5)

    report = await import_partners(
        session,
        Scope(partner_ids=frozenset({own.id})),
        data,
        partners_mapping("nyc-after-school"),
        dry_run=False,
    )

    assert (report.created, report.failed) == (0, 5)
    assert {error.message for error in report.errors} == {
        "Partner organisations are added by school or district staff."
    }
    assert await count(session, Partner) == 1
