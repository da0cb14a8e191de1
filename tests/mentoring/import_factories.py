"""Programmes and small match exports for the import tests, made with the ORM."""

import csv
import datetime as dt
import io
import itertools
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.mentoring.models import Program

_serial = itertools.count(1)
BBBS = "bbbs-twin-cities-mentoring-matches/bbbs_tc_matches.csv"
CSV = {"Content-Type": "text/csv"}
HEADER = [
    "Match ID 18Char",
    "Stage",
    "Little ID",
    "Big ID",
    "Program",
    "Closure Reason",
    "Closure Details",
    "Match Activation Date",
    "Match Closure Meeting Date",
    "Rationale for Match",
    "Match Length",
]


async def make_program(session: AsyncSession, **overrides: Any) -> Program:
    n = next(_serial)
    values: dict[str, Any] = {
        "name": f"Mentoring {n}",
        "kind": "mentoring",
        "start_date": dt.date(2017, 1, 1),
        "status": "active",
    }
    program = Program(**(values | overrides))
    session.add(program)
    await session.flush()
    return program


def export_line(match_id: str, little: str, big: str, **cells: str) -> dict[str, str]:
    """One line of a BBBS-shaped export; closed unless `Stage` says otherwise."""
    values = {
        "Match ID 18Char": match_id,
        "Stage": "Closed",
        "Little ID": little,
        "Big ID": big,
        "Program": "General Community",
        "Closure Reason": "Volunteer: Moved",
        "Closure Details": "",
        "Match Activation Date": "2018-01-10",
        "Match Closure Meeting Date": "2019-01-10",
        "Rationale for Match": "",
        "Match Length": "12",
    }
    return values | cells


def export(lines: Sequence[dict[str, str]], header: Sequence[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue()


def url(program: Program) -> str:
    return f"/api/v1/mentoring/programs/{program.id}/matches/import"


async def post_csv(
    client: httpx.AsyncClient, program: Program, text: str, **params: str
) -> httpx.Response:
    return await client.post(url(program), content=text.encode(), headers=CSV, params=params)
