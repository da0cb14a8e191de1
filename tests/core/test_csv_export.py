"""CSV exports never hand a spreadsheet a formula to run (OWASP "CSV Injection")."""

import csv
import datetime as dt
import io

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.csv_export import csv_cell
from tests.directory.factories import make_assignment, make_person, make_school


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        (["=1+1", "math"], "'=1+1;math"),
        ("Ana = Lopez", "Ana = Lopez"),
        ("", ""),
        (-5, -5),
        (-2.5, -2.5),
        (None, ""),
        (True, "true"),
        (dt.date(2026, 1, 2), "2026-01-02"),
    ],
)
def test_a_cell_that_starts_a_formula_is_written_as_text(value: object, written: object) -> None:
    assert csv_cell(value) == written


async def test_an_exported_contact_s_notes_cannot_run_in_a_spreadsheet(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    school = await make_school(session)
    person = await make_person(session, notes='=cmd|" /C calc"!A0', phone="+1 555 0100")
    await make_assignment(session, person, school=school)
    exported = await client.get(f"/api/v1/people?school_id={school.id}&format=csv")
    (row,) = csv.DictReader(io.StringIO(exported.text))
    assert (row["notes"], row["phone"]) == ('\'=cmd|" /C calc"!A0', "'+1 555 0100")
