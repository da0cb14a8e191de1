"""A match keeps a summary of its check-ins, and the impact metrics read it in place of
the check-ins wherever the period holds all of them, with the same figures."""

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.mentoring.models import Match
from tests.directory.factories import make_person
from tests.mentoring import impact_expected as expected
from tests.mentoring.helpers import MATCHES, PARTICIPANTS, PROGRAMS, created, days, program_body
from tests.mentoring.impact_builder import TODAY, ImpactWorld, ago
from tests.mentoring.impact_fixture import build_impact_world

METRICS = "/api/v1/metrics/mentoring"


async def _kept(session: AsyncSession, match_id: str) -> tuple[Any, ...]:
    row = (
        await session.execute(
            select(
                Match.check_in_count,
                Match.first_check_in_on,
                Match.last_check_in_on,
                Match.longest_check_in_gap,
            ).where(Match.id == uuid.UUID(match_id))
        )
    ).one()
    return tuple(value.isoformat() if isinstance(value, dt.date) else value for value in row)


async def test_every_write_keeps_the_summary(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program = await created(client, PROGRAMS, program_body())
    enrol = {"program_id": program["id"], "enrolled_on": days(-60)}
    mentor, mentee = [
        await created(
            client,
            PARTICIPANTS,
            enrol | {"role": role, "person_id": str((await make_person(session)).id)},
        )
        for role in ("mentor", "mentee")
    ]
    pair = {"program_id": program["id"], "mentor_id": mentor["id"], "mentee_id": mentee["id"]}
    match = await created(client, MATCHES, pair | {"status": "active", "started_on": days(-30)})
    log = f"{MATCHES}/{match['id']}/check-ins"
    assert await _kept(session, match["id"]) == (0, None, None, None)

    made = [await created(client, log, {"held_on": days(n)}) for n in (-6, -20, -17, -2)]
    assert await _kept(session, match["id"]) == (4, days(-20), days(-2), 11)

    moved = await client.patch(f"{log}/{made[0]['id']}", json={"held_on": days(-15)})
    assert moved.status_code == 200, moved.text
    assert await _kept(session, match["id"]) == (4, days(-20), days(-2), 13)

    for check_in, after in zip(
        made[3:0:-1],
        [
            (3, days(-20), days(-15), 3),
            (2, days(-20), days(-15), 5),
            (1, days(-15), days(-15), None),
        ],
        strict=True,
    ):
        assert (await client.delete(f"{log}/{check_in['id']}")).status_code == 204
        assert await _kept(session, match["id"]) == after
    assert (await client.delete(f"{log}/{made[0]['id']}")).status_code == 204
    assert await _kept(session, match["id"]) == (0, None, None, None)


@pytest.fixture
async def world(session: AsyncSession) -> ImpactWorld:
    return await build_impact_world(session)


def _cut_through(world: ImpactWorld, start: dt.date, end: dt.date) -> int:
    """Matches counted in the period with a check-in outside their window in it."""
    cut = 0
    for match in world.matches:
        if match.started_on is None or match.status == "proposed":
            continue
        window_end = min(match.ended_on or end, end)
        if match.started_on > end or window_end < start:
            continue
        window = (max(match.started_on, start), window_end)
        held = [c.held_on for c in world.check_ins if c.match_id == match.id]
        cut += any(not window[0] <= day <= window[1] for day in held)
    return cut


@pytest.mark.parametrize(
    ("start", "end", "some_cut"),
    [
        (ago(3000), TODAY, False),  # every match whole: the kept summaries alone
        (ago(120), ago(30), True),  # most matches cut: their check-ins are read
        (ago(400), ago(200), True),
    ],
)
async def test_participation_is_the_same_whether_kept_or_read(
    client: httpx.AsyncClient,
    world: ImpactWorld,
    start: dt.date,
    end: dt.date,
    some_cut: bool,
) -> None:
    assert (_cut_through(world, start, end) > 0) is some_cut
    response = await client.get(METRICS, params={"from": start.isoformat(), "to": end.isoformat()})
    assert response.status_code == 200, response.text
    got = response.json()["participation"]
    want = expected.participation(world, expected.frames(world), (start, end))
    assert got["active_matches"]["n"] == want["matches"]
    assert abs(got["check_ins_per_match_month"]["value"] - want["rate"]) <= 1e-9
    assert abs(got["cadence_adherence"]["value"] - want["adherence"]) <= 1e-9
