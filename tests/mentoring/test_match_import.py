"""Importing a match history: the real BBBS export, idempotence, bad lines, the open-match
rule, and free text about minors kept out of records, logs and answers."""

import logging
from pathlib import Path

import httpx
import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event
from api.mentoring.models import Match, Participant, Program
from tests.conftest import SignIn
from tests.directory.factories import make_district
from tests.mentoring.import_factories import (
    BBBS,
    CSV,
    HEADER,
    export,
    export_line,
    make_program,
    post_csv,
    url,
)

SECRET = "Little told the volunteer about a hard week at home"


async def counts(session: AsyncSession, program: Program) -> tuple[int, int]:
    matches = await session.scalar(
        select(func.count()).select_from(Match).where(Match.program_id == program.id)
    )
    people = await session.scalar(
        select(func.count()).select_from(Participant).where(Participant.program_id == program.id)
    )
    return matches or 0, people or 0


@pytest.fixture
def bbbs_text(shared_data: Path) -> str:
    return (shared_data / BBBS).read_text(encoding="utf-8")


async def test_the_bbbs_export_imports_whole_and_a_second_time_changes_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    bbbs_text: str,
    shared_data: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    frame = pd.read_csv(shared_data / BBBS, dtype=str, keep_default_na=False)
    program = await make_program(session)
    caplog.set_level(logging.DEBUG)

    first = await post_csv(client, program, bbbs_text)

    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (len(frame), 0, 0)
    assert body["errors"] == []
    assert body["failed"] == 0
    mentors, mentees = frame["Big ID"].nunique(), frame["Little ID"].nunique()
    assert body["participants_created"] == mentors + mentees
    # The one closure dated before its activation is kept, without an end date.
    late = frame[frame["Match Closure Meeting Date"].ne("")]
    slipped = late[late["Match Closure Meeting Date"] < late["Match Activation Date"]]
    assert [w["line"] for w in body["warnings"]] == [_line_of(bbbs_text, i) for i in slipped.index]
    assert await counts(session, program) == (len(frame), mentors + mentees)

    statuses = dict(
        (
            await session.execute(
                select(Match.status, func.count())
                .where(Match.program_id == program.id)
                .group_by(Match.status)
            )
        ).all()
    )
    closed = frame[frame["Stage"] == "Closed"]
    completing = closed["Closure Reason"].isin(["Successful match closure", "Child: Graduated", ""])
    assert statuses == {
        "active": int(frame["Stage"].isin(["Active", "Pending Closure"]).sum()),
        "completed": int(completing.sum()),
        "ended_early": int((~completing).sum()),
    }

    again = await post_csv(client, program, bbbs_text)
    assert again.status_code == 200, again.text
    second = again.json()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, len(frame))
    assert second["participants_created"] == 0
    assert await counts(session, program) == (len(frame), mentors + mentees)

    # The free text about minors reached no record, no log and no answer.
    details = [
        text
        for column in ("Closure Details", "Rationale for Match")
        for text in frame[column]
        if len(text) > 40
    ]
    assert len(details) > 100
    stored = await session.execute(
        select(Match.end_reason, Match.source_program, Match.source_stage).where(
            Match.program_id == program.id
        )
    )
    stored_text = {value for row in stored for value in row if value}
    logged = caplog.text + first.text + again.text
    assert not [text for text in details if text in logged or text in stored_text]


def _line_of(text: str, index: int) -> int:
    """The line a data row starts on, counting the header as line 1."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    ended = reader.line_num
    for position, _ in enumerate(reader):
        if position == index:
            return ended + 1
        ended = reader.line_num
    raise AssertionError(index)


async def test_a_match_is_stored_as_the_line_says(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    text = export(
        [
            export_line(
                "M1",
                "L1",
                "B1",
                **{
                    "Closure Reason": "Child: Graduated",
                    "Closure Details": SECRET,
                    "Match Activation Date": "3/5/2018",
                    "Match Closure Meeting Date": "2020-06-30",
                    "Match Length": "27.8",
                    "Program": "BSW-Cargill",
                },
            ),
            export_line(
                "M2",
                "L2",
                "B1",
                Stage="Pending Closure",
                **{"Closure Reason": "", "Match Closure Meeting Date": "", "Match Length": ""},
            ),
            export_line("M3", "L3", "B1", **{"Closure Reason": ""}),
        ]
    )
    answer = await post_csv(client, program, text)
    assert answer.status_code == 200, answer.text
    assert answer.json()["participants_created"] == 4  # B1 once, as the mentor of all
    rows = (
        await session.execute(
            select(Match).where(Match.program_id == program.id).order_by(Match.external_id)
        )
    ).scalars()
    first, second, unexplained = list(rows)
    assert (first.status, str(first.started_on), str(first.ended_on)) == (
        "completed",
        "2018-03-05",
        "2020-06-30",
    )
    assert (first.end_reason, first.source_program, first.source_length_months) == (
        "Child: Graduated",
        "BSW-Cargill",
        27.8,
    )
    assert (second.status, second.source_stage, second.ended_on) == (
        "active",
        "Pending Closure",
        None,
    )
    assert second.source_length_months is None
    assert first.mentor_id == second.mentor_id
    # A closure with no reason given is not called early: the lifecycle wants a reason.
    assert (unexplained.status, unexplained.end_reason) == ("completed", None)
    mentee = await session.get(Participant, first.mentee_id)
    assert mentee is not None
    assert (mentee.role, mentee.external_id, mentee.person_id) == ("mentee", "L1", None)
    assert str(mentee.enrolled_on) == "2018-03-05"


async def test_columns_are_mapped_by_query_parameters(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    header = ["id", "status", "mentee", "mentor", "began", "closed", "why"]
    line = {"id": "X1", "status": "Active", "mentee": "K1", "mentor": "V1", "began": "2020-01-02"}
    mapping = {
        "match_id_column": "id",
        "stage_column": "status",
        "mentee_column": "mentee",
        "mentor_column": "mentor",
        "activation_column": "began",
        "closure_column": "closed",
        "closure_reason_column": "why",
    }
    answer = await post_csv(client, program, export([line], header), **mapping)
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 1
    missing = await post_csv(
        client, program, export([line], header), **mapping, length_column="months"
    )
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"loc": ["query", "length_column"], "msg": "no column 'months'", "type": "missing_column"}
    ]
    assert "'months'" in missing.json()["detail"]


async def test_bad_lines_are_listed_by_line_and_nothing_is_written(
    client: httpx.AsyncClient, session: AsyncSession, caplog: pytest.LogCaptureFixture
) -> None:
    program = await make_program(session)
    caplog.set_level(logging.DEBUG)
    lines = [
        export_line("M1", "L1", "B1"),
        export_line("M2", "L2", "B2", **{"Match Activation Date": SECRET}),
        export_line("", "L3", "B3"),
        export_line("M4", "L4", "B4", Stage=SECRET, **{"Closure Details": SECRET}),
        export_line("M1", "L5", "B5"),
        export_line("M6", "L6", "B6", Stage="Active"),
        export_line("M7", "L6", "B7", Stage="Active"),
        export_line("M8", "L8", "B8", **{"Match Length": "-3"}),
        export_line("M9", "L9", "B9", **{"Match Closure Meeting Date": "2999-01-01"}),
    ]
    answer = await post_csv(client, program, export(lines))
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    errors = [(e["loc"][1], e["loc"][2]) for e in answer.json()["errors"]]
    assert errors == [
        (3, "Match Activation Date"),
        (4, "Match ID 18Char"),
        (5, "Stage"),
        (6, "Match ID 18Char"),
        (8, "Little ID"),
        (9, "Match Length"),
        (10, "Match Closure Meeting Date"),
    ]
    messages = [e["msg"] for e in answer.json()["errors"]]
    assert "line 6: Match ID 18Char repeats line 2" in messages
    assert "line 8: Little ID already has an open match on line 7" in messages
    assert "line 10: Match Closure Meeting Date is in the future" in messages
    assert SECRET not in answer.text
    assert SECRET not in caplog.text
    assert await counts(session, program) == (0, 0)


async def test_without_atomic_the_good_lines_are_written(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    lines = [
        export_line("M1", "L1", "B1"),
        export_line("M2", "L2", "B2", **{"Match Activation Date": "2018-02-30"}),
    ]
    answer = await post_csv(client, program, export(lines), atomic="false")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["created"], body["failed"]) == (1, 1)
    assert body["errors"] == [
        {
            "line": 3,
            "column": "Match Activation Date",
            "message": "is not a date (YYYY-MM-DD or M/D/YYYY)",
        }
    ]
    assert await counts(session, program) == (1, 2)


async def test_a_later_export_closes_one_match_and_opens_the_next(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    active = {"Stage": "Active", "Closure Reason": "", "Match Closure Meeting Date": ""}
    first = await post_csv(client, program, export([export_line("M1", "L1", "B1", **active)]))
    assert first.json()["created"] == 1
    # The next export lists the new match first: the closing write still goes first.
    later = [
        export_line("M2", "L1", "B2", **active, **{"Match Activation Date": "2019-02-01"}),
        export_line("M1", "L1", "B1"),
    ]
    answer = await post_csv(client, program, export(later))
    assert answer.status_code == 200, answer.text
    assert (answer.json()["created"], answer.json()["updated"]) == (1, 1)
    found = await session.execute(
        select(Match.external_id, Match.status, Match.version).where(Match.program_id == program.id)
    )
    assert sorted(found.all()) == [("M1", "ended_early", 2), ("M2", "active", 1)]
    logged = await session.execute(
        select(Event.operation, Event.version, Event.changes)
        .join(Match, Match.id == Event.resource_id)
        .where(Event.resource == "mentoring_matches", Match.program_id == program.id)
        .order_by(Event.seq)
    )
    created_m1, created_m2, closed_m1 = logged.all()
    assert (created_m1.operation, created_m2.operation) == ("create", "create")
    assert created_m1.changes["started_on"] == [None, "2018-01-10"]
    assert (closed_m1.operation, closed_m1.version) == ("update", 2)
    assert closed_m1.changes["status"] == ["active", "ended_early"]
    assert closed_m1.changes["ended_on"] == [None, "2019-01-10"]
    events_before = await session.scalar(select(func.count()).select_from(Event))
    repeat = await post_csv(client, program, export(later))
    assert repeat.json()["unchanged"] == 2
    assert await session.scalar(select(func.count()).select_from(Event)) == events_before


async def test_an_open_match_the_file_does_not_mention_blocks_another(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    active = {"Stage": "Active", "Closure Reason": "", "Match Closure Meeting Date": ""}
    await post_csv(client, program, export([export_line("M1", "L1", "B1", **active)]))
    answer = await post_csv(client, program, export([export_line("M2", "L1", "B2", **active)]))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["msg"] == (
        "line 2: Little ID already has an open match in this programme"
    )
    assert await counts(session, program) == (1, 2)


async def test_only_writers_of_the_programme_import(sign_in: SignIn, session: AsyncSession) -> None:
    district = await make_district(session)
    program = await make_program(session, district_id=district.id)
    text = export([export_line("M1", "L1", "B1")])
    elsewhere = await sign_in(
        Role.district_manager, district_ids=[(await make_district(session)).id]
    )
    assert (await post_csv(elsewhere, program, text)).status_code == 404
    viewer = await sign_in(Role.viewer, district_ids=[district.id])
    assert (await post_csv(viewer, program, text)).status_code == 403
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    assert (await post_csv(manager, program, text)).status_code == 200
    assert await counts(session, program) == (1, 2)


async def test_the_body_must_be_csv_text(client: httpx.AsyncClient, session: AsyncSession) -> None:
    program = await make_program(session)
    bad = await client.post(url(program), content=b"\xff\xfe", headers=CSV)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body"]
    other = await client.post("/api/v1/districts", content=b"name\nX\n", headers=CSV)
    assert other.status_code == 415  # only imports take CSV
    json = await client.post(url(program), json={"rows": []})
    assert json.status_code == 422  # a JSON body has no header line with the columns
    assert HEADER[0] in json.json()["detail"]
