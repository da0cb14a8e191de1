"""The match-level figures: on the BBBS export they equal pandas on the CSV; on small
histories, lengths from dates, withholding below n = 5, filters and scope."""

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pandas as pd
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.mentoring.models import Program
from tests.conftest import SignIn
from tests.directory.factories import make_district
from tests.mentoring.import_factories import BBBS, export, export_line, make_program, post_csv

METRICS = "/api/v1/metrics/mentoring/matches"
COMPLETING = ["Successful match closure", "Child: Graduated", ""]  # no reason: completed


async def figures(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    answer = await client.get(METRICS, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _counts(series: "pd.Series[Any]") -> dict[Any, int]:
    return {(key or None): int(count) for key, count in series.value_counts().items()}


async def test_the_bbbs_figures_equal_pandas_on_the_csv(
    client: httpx.AsyncClient, session: AsyncSession, shared_data: Path
) -> None:
    frame = pd.read_csv(shared_data / BBBS, dtype=str, keep_default_na=False)
    program = await make_program(session)
    text = (shared_data / BBBS).read_text(encoding="utf-8")
    assert (await post_csv(client, program, text)).status_code == 200

    body = await figures(client, program_id=str(program.id))

    assert body["matches"] == len(frame)
    assert {r["stage"]: r["count"] for r in body["by_stage"]} == _counts(frame["Stage"])
    by_program = {r["source_program"]: r["matches"] for r in body["by_source_program"]}
    assert by_program == _counts(frame["Program"])
    closed = frame[frame["Stage"] == "Closed"]
    reasons = {r["reason"]: r["count"] for r in body["closure_reasons"]}
    assert reasons == _counts(closed["Closure Reason"])
    completed = closed["Closure Reason"].isin(COMPLETING)
    assert body["by_status"] == {
        "proposed": 0,
        "active": len(frame) - len(closed),
        "completed": int(completed.sum()),
        "ended_early": int((~completed).sum()),
    }
    # Every line of the export has its length, so the dates are never needed here.
    months = pd.to_numeric(frame["Match Length"])
    quartiles = body["length_months"]
    assert quartiles["n"] == len(frame)
    for key, p in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        assert quartiles[key] == pytest.approx(months.quantile(p), abs=1e-9)
    open_young = frame["Stage"].ne("Closed") & (months < 12)
    twelve = body["reached_12_months"]
    assert twelve["n"] == int((~open_young).sum())
    assert twelve["reached"] == int((months >= 12).sum())
    assert twelve["share"] == pytest.approx((months[~open_young] >= 12).mean(), abs=1e-9)

    school_based = await figures(
        client, program_id=str(program.id), source_program="School-Based Program"
    )
    chosen = months[frame["Program"] == "School-Based Program"]
    assert school_based["matches"] == len(chosen)
    assert school_based["length_months"]["median"] == pytest.approx(chosen.median(), abs=1e-9)


async def _history(
    client: httpx.AsyncClient, program: Program, lines: list[dict[str, str]]
) -> None:
    answer = await post_csv(client, program, export(lines))
    assert answer.status_code == 200, answer.text


def _dated(match_id: str, started: str, ended: str | None, stage: str = "Closed") -> dict[str, str]:
    return export_line(
        match_id,
        f"L{match_id}",
        f"B{match_id}",
        Stage=stage,
        **{
            "Match Activation Date": started,
            "Match Closure Meeting Date": ended or "",
            "Match Length": "",
            "Closure Reason": "" if ended is None else "Volunteer: Moved",
        },
    )


async def test_lengths_come_from_the_dates_when_the_source_gives_none(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    as_of = dt.date(2021, 1, 1)
    lines = [
        _dated("1", "2019-01-01", "2019-04-01"),
        _dated("2", "2019-01-01", "2020-03-01"),
        _dated("3", "2018-06-15", "2020-06-15"),
        _dated("4", "2020-11-01", None, stage="Active"),  # open 2 months: outcome unknown
        _dated("5", "2019-01-01", None, stage="Active"),  # open 24 months: reached
        _dated("6", "2019-05-01", None),  # closed, no date, no length: no length at all
        export_line("7", "L7", "B7", **{"Match Length": "5.5"}),
    ]
    await _history(client, program, lines)

    body = await figures(client, program_id=str(program.id), as_of=as_of.isoformat())

    days = [
        (dt.date(2019, 4, 1) - dt.date(2019, 1, 1)).days,
        (dt.date(2020, 3, 1) - dt.date(2019, 1, 1)).days,
        (dt.date(2020, 6, 15) - dt.date(2018, 6, 15)).days,
        (as_of - dt.date(2020, 11, 1)).days,
        (as_of - dt.date(2019, 1, 1)).days,
    ]
    months = np.array([d / 30.4375 for d in days] + [5.5])
    expected = pd.Series(months).quantile([0.25, 0.5, 0.75]).tolist()
    got = body["length_months"]
    assert got["n"] == 6
    assert [got["q1"], got["median"], got["q3"]] == pytest.approx(expected, abs=1e-9)
    assert got["withheld"] is None
    assert body["reached_12_months"] | {"rule": None} == {
        "n": 5,
        "reached": 3,
        "share": pytest.approx(3 / 5, abs=1e-12),
        "withheld": None,
        "rule": None,
    }
    assert body["as_of"] == "2021-01-01"
    assert body["closure_reasons"] == [
        {"reason": "Volunteer: Moved", "count": 4},
        {"reason": None, "count": 1},
    ]


async def test_figures_on_fewer_than_five_matches_are_withheld(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await make_program(session)
    await _history(client, program, [export_line(str(n), f"L{n}", f"B{n}") for n in range(4)])
    body = await figures(client, program_id=str(program.id))
    assert body["matches"] == 4
    assert body["length_months"]["n"] == 4
    assert body["length_months"]["median"] is None
    assert "fewer than 5" in body["length_months"]["withheld"]
    assert body["reached_12_months"]["share"] is None
    assert body["reached_12_months"]["reached"] == 4


async def test_a_reader_sees_only_the_programmes_in_their_scope(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    mine, theirs = await make_district(session), await make_district(session)
    visible = await make_program(session, district_id=mine.id)
    hidden = await make_program(session, district_id=theirs.id)
    await _history(client, visible, [export_line("A", "LA", "BA")])
    await _history(client, hidden, [export_line("B", "LB", "BB"), export_line("C", "LC", "BC")])
    viewer = await sign_in(Role.viewer, district_ids=[mine.id])
    assert (await figures(viewer))["matches"] == 1
    assert (await figures(viewer, program_id=str(hidden.id)))["matches"] == 0
    assert (await figures(client, program_id=[str(visible.id), str(hidden.id)]))["matches"] == 3
