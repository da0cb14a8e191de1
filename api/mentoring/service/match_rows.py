"""Bulk upsert of matches: the match rules played on the whole batch in memory."""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.goals import goals_visible
from api.access.mentoring import programs_writable
from api.core.bulk import BulkRows
from api.core.errors import Conflict, NotFound
from api.core.events import Operation
from api.goals.models import Goal
from api.mentoring.models import CheckIn, Match, Participant, Program
from api.mentoring.schemas.matches import MatchCreate, MatchUpsert
from api.mentoring.service.match_rules import (
    OPEN,
    check_openings,
    check_people,
    check_roles,
    refuse_transition,
)
from api.mentoring.service.matches import RESOURCE, settle_dates
from api.mentoring.service.references import invalid, unknown

FIXED = ("program_id", "mentor_id", "mentee_id")
CHANGEABLE = [name for name in MatchCreate.model_fields if name not in FIXED]


class MatchRows(BulkRows[MatchUpsert]):
    """Bulk rows: matched by id, then external_id. A row may record a closed match (an
    import of history); open ones keep the one-per-mentee and capacity rules, counted
    with the rows before them."""

    model, resource, schema = Match, RESOURCE, MatchUpsert
    keys = ("external_id",)

    def __init__(self, scope: Any, today: dt.date) -> None:
        self.scope, self.today = scope, today
        self.caseloads: dict[uuid.UUID, int] = {}
        self.people: dict[uuid.UUID, Participant] = {}
        self.open_mentee: dict[uuid.UUID, object] = {}
        self.mentor_open: Counter[uuid.UUID] = Counter()
        self.goals: set[uuid.UUID] = set()
        self.first_check_in: dict[uuid.UUID, dt.date] = {}

    async def prepare(
        self, session: AsyncSession, rows: Sequence[MatchUpsert], stored: Sequence[dict[str, Any]]
    ) -> None:
        program_ids = {row.program_id for row in rows} | {r["program_id"] for r in stored}
        self.caseloads = dict(
            (
                await session.execute(
                    select(Program.id, Program.target_caseload).where(
                        Program.id.in_(program_ids), programs_writable(self.scope)
                    )
                )
            ).all()
        )
        ids = {row.mentor_id for row in rows} | {row.mentee_id for row in rows}
        ids |= {r["mentee_id"] for r in stored}
        self.people = {
            p.id: p
            for p in await session.scalars(select(Participant).where(Participant.id.in_(ids)))
        }
        for mentee_id, match_id in await session.execute(
            select(Match.mentee_id, Match.id).where(
                Match.mentee_id.in_(ids), Match.status.in_(OPEN)
            )
        ):
            self.open_mentee[mentee_id] = match_id
        for mentor_id, open_count in await session.execute(
            select(Match.mentor_id, func.count())
            .where(Match.mentor_id.in_(ids), Match.status.in_(OPEN))
            .group_by(Match.mentor_id)
        ):
            self.mentor_open[mentor_id] = open_count
        wanted = {goal_id for row in rows for goal_id in row.goal_ids}
        if wanted:
            self.goals = set(
                await session.scalars(
                    select(Goal.id).where(Goal.id.in_(wanted), goals_visible(self.scope))
                )
            )
        if stored:
            self.first_check_in = dict(
                (
                    await session.execute(
                        select(CheckIn.match_id, func.min(CheckIn.held_on))
                        .where(CheckIn.match_id.in_([r["id"] for r in stored]))
                        .group_by(CheckIn.match_id)
                    )
                ).all()
            )

    def check(self, record: dict[str, Any], made_here: bool) -> None:
        if record["program_id"] not in self.caseloads:
            raise NotFound

    def _goals(self, values: dict[str, Any]) -> None:
        for index, goal_id in enumerate(values["goal_ids"]):
            if goal_id not in self.goals:
                raise unknown(["goal_ids", index], "goal")
        values["goal_ids"] = [str(goal_id) for goal_id in values["goal_ids"]]

    def create(self, row: MatchUpsert) -> dict[str, Any]:
        values = row.model_dump(exclude={"id"})
        if row.program_id not in self.caseloads:
            raise unknown("program_id", "programme you run")
        mentor, mentee = check_roles(
            self.people.get(row.mentor_id), self.people.get(row.mentee_id), row.program_id
        )
        check_people(mentor, mentee)
        settle_dates(values, self.today)
        self._goals(values)
        if row.status in OPEN:
            check_openings(
                mentor,
                self.caseloads[row.program_id],
                self.open_mentee.get(row.mentee_id),
                self.mentor_open[row.mentor_id],
            )
            self.open_mentee[row.mentee_id] = "an earlier row"
            self.mentor_open[row.mentor_id] += 1
        return values

    def update(self, record: dict[str, Any], row: MatchUpsert) -> dict[str, Any]:
        for field in FIXED:
            if getattr(row, field) != record[field]:
                raise Conflict(
                    f"{field}: the match found by id or external_id has another {field}.",
                    errors=[{"loc": [field], "msg": "fixed once matched", "type": "conflict"}],
                )
        refuse_transition(record["status"], row.status)
        given = row.model_fields_set - {"id", *FIXED}
        values = {name: record[name] for name in CHANGEABLE} | row.model_dump(include=given)
        settle_dates(values, self.today)
        if "goal_ids" in given:
            self._goals(values)
        first = self.first_check_in.get(record["id"])
        started = values["started_on"]
        if first is not None and (started is None or started > first):
            raise invalid("started_on", f"a check-in was held on {first}, before it", "date")
        if record["status"] in OPEN and values["status"] not in OPEN:
            self.open_mentee.pop(record["mentee_id"], None)
            self.mentor_open[record["mentor_id"]] -= 1
        return values

    def place(self, record: dict[str, Any], operation: Operation) -> dict[str, Any]:
        mentee = self.people.get(record["mentee_id"])
        return {
            "district_id": mentee.district_id if mentee else None,
            "school_id": mentee.school_id if mentee else None,
        }
