"""Two people act on one agreement at once: exactly one wins, the log shows one transition.

These tests commit for real, on a fresh database of their own.
"""

import asyncio
import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from api.auth.roles import Role
from api.core.db import Database
from api.core.errors import Conflict
from api.core.events import Event, flush_events
from api.main import create_app
from api.partners.lifecycle import Action
from api.partners.models import Agreement
from api.partners.schemas import TerminateRequest
from api.partners.service import actions, agreements
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.directory.factories import make_school
from tests.partners.factories import make_agreement, make_partner

BODIES: dict[str, dict[str, Any]] = {
    "activate": {},
    "terminate": {"reason": "Closing."},
    "withdraw": {"reason": "Changed our minds."},
}


async def _proposed_agreement(database: Database) -> tuple[uuid.UUID, dict[str, str]]:
    async with database.sessionmaker() as session:
        agreement = await make_agreement(
            session, await make_partner(session), [await make_school(session)], status="proposed"
        )
        headers = await sign_in_as(session, Role.admin)
        await session.commit()
        return agreement.id, headers


async def _transitions(database: Database, agreement_id: uuid.UUID) -> list[Event]:
    async with database.sessionmaker() as session:
        rows = await session.scalars(
            select(Event).where(Event.resource_id == agreement_id, Event.resource == "agreements")
        )
        return list(rows)


# SQLite serialises writers, so a true race exists only on PostgreSQL; the
# interleaved test below covers the same rule on both backends.
@pytest.mark.postgres_only
@pytest.mark.parametrize(
    "pair",
    [("activate", "terminate"), ("activate", "withdraw")],
    ids=["activate-terminate", "activate-withdraw"],
)
async def test_concurrent_actions_over_http_one_wins(
    backend: str,
    real_database: Database,
    monkeypatch: pytest.MonkeyPatch,
    pair: tuple[str, str],
) -> None:
    agreement_id, headers = await _proposed_agreement(real_database)
    # Hold both requests after they read the agreement, so both act on version 1.
    barrier = asyncio.Barrier(2)
    load = agreements.get_writable_agreement

    async def load_then_wait(*args: Any, **kwargs: Any) -> Agreement:
        found = await load(*args, **kwargs)
        await asyncio.wait_for(barrier.wait(), timeout=10)
        return found

    monkeypatch.setattr(agreements, "get_writable_agreement", load_then_wait)
    app = create_app(settings_for_tests(), database=real_database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    ) as client:
        responses = await asyncio.gather(
            *(
                client.post(f"/api/v1/agreements/{agreement_id}/{action}", json=BODIES[action])
                for action in pair
            )
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses[0] == 200, [r.text for r in responses]
    assert statuses[1] in (409, 412), [r.text for r in responses]
    (winner,) = [r for r in responses if r.status_code == 200]
    (event,) = [
        e for e in await _transitions(real_database, agreement_id) if e.operation == "update"
    ]
    assert event.changes is not None
    assert event.changes["status"] == ["proposed", winner.json()["status"]]
    assert event.version == 2


@pytest.mark.parametrize(
    ("second", "body", "refusal"),
    [
        # From the stale copy terminate is already illegal (409); withdraw looks legal
        # and is stopped by the version check in the UPDATE (412).
        (Action.terminate, TerminateRequest(reason="Closing."), Conflict),
        (Action.withdraw, None, StaleDataError),
    ],
    ids=["terminate-409", "withdraw-412"],
)
async def test_interleaved_sessions_the_second_writer_loses(
    real_database: Database,
    second: Action,
    body: TerminateRequest | None,
    refusal: type[Exception],
) -> None:
    """Both load the agreement, the first commits, the second is refused and writes nothing."""
    agreement_id, _ = await _proposed_agreement(real_database)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    first: AsyncSession = real_database.sessionmaker()
    late: AsyncSession = real_database.sessionmaker()
    try:
        mine = await first.get_one(Agreement, agreement_id)
        theirs = await late.get_one(Agreement, agreement_id)
        # The late writer's read is over, as when a client read the agreement earlier.
        await late.commit()
        await actions.transition(first, mine, Action.activate, None, today, now)
        await flush_events(first)
        await first.commit()
        with pytest.raises(refusal):
            await actions.transition(late, theirs, second, body, today, now)
        await late.rollback()
    finally:
        await first.close()
        await late.close()
    events = [e for e in await _transitions(real_database, agreement_id) if e.operation == "update"]
    assert [e.changes["status"] for e in events if e.changes] == [["proposed", "active"]]
