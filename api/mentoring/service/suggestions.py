"""Match suggestions: the best assignment of a programme's unmatched mentees to its
mentors' open places, with the reasons for each pair and for each mentee left over.

Two queries load the pool (mentors still enrolled with their open matches counted
in SQL; mentees still enrolled with no open match); the fit and the assignment
run on the whole pool at once (`fit`, `assignment`).
"""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.mentoring import programs_visible, programs_writable
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.scope import Scope
from api.directory.models import Person
from api.mentoring.models import Match, Participant, Program
from api.mentoring.service import assignment
from api.mentoring.service.fit import (
    Fit,
    Profile,
    Reason,
    barriers_against,
    fit,
    pair_reasons,
)
from api.mentoring.vocabulary import (
    OPEN_MATCH_STATUSES,
    MatchStatus,
    PairBarrier,
    ParticipantRole,
    SameSchool,
    UnmatchedReason,
)

OPEN = sorted(OPEN_MATCH_STATUSES)
# Mentors x mentees the fit holds in memory at once: about 150 MB and under 2 s at
# the bound (300 x 1,000 is less than a third of it).
MAX_PAIRS = 1_000_000
BARRIER_WORDS = {
    PairBarrier.supervisor: "is their supervisor",
    PairBarrier.same_person: "is the mentee themselves",
    PairBarrier.same_school: "works at their school",
}


@dataclass(frozen=True)
class Pool:
    mentors: list[dict[str, Any]]
    mentees: list[dict[str, Any]]
    places: np.ndarray[Any, np.dtype[np.int64]]


async def program_to_run(session: AsyncSession, scope: Scope, program_id: uuid.UUID) -> Program:
    """The programme, when the caller runs it: 404 outside their scope, 403 when they
    only take part in it."""
    program = await session.scalar(
        select(Program).where(Program.id == program_id, programs_visible(scope))
    )
    if program is None:
        raise NotFound(f"No programme {program_id} in your scope.")
    writable = await session.scalar(
        select(exists().where(Program.id == program_id, programs_writable(scope)))
    )
    if not writable:
        raise Forbidden("Only the staff running this programme can ask for match suggestions.")
    return program


def still_enrolled(today: dt.date) -> ColumnElement[bool]:
    return or_(Participant.left_on.is_(None), Participant.left_on > today)


def _participants(program_id: uuid.UUID, role: ParticipantRole, today: dt.date) -> Any:
    return (
        select(
            Participant.id,
            Participant.person_id,
            Participant.school_id,
            Participant.supervisor_id,
            Participant.subjects,
            Participant.grade_levels,
            Participant.interests,
            Participant.school_level,
            Participant.locale_type,
            Participant.years_experience,
            Participant.capacity,
            Person.given_name,
            Person.family_name,
        )
        .outerjoin(Person, Person.id == Participant.person_id)
        .where(
            Participant.program_id == program_id,
            Participant.role == role,
            still_enrolled(today),
        )
        .order_by(Participant.id)
    )


async def load_pool(session: AsyncSession, program: Program, today: dt.date) -> Pool:
    open_counts = (
        select(Match.mentor_id, func.count().label("open_matches"))
        .where(Match.program_id == program.id, Match.status.in_(OPEN))
        .group_by(Match.mentor_id)
        .subquery()
    )
    mentors_stmt = (
        _participants(program.id, ParticipantRole.mentor, today)
        .add_columns(func.coalesce(open_counts.c.open_matches, 0).label("open_matches"))
        .outerjoin(open_counts, open_counts.c.mentor_id == Participant.id)
    )
    matched = exists().where(Match.mentee_id == Participant.id, Match.status.in_(OPEN))
    mentees_stmt = _participants(program.id, ParticipantRole.mentee, today).where(~matched)
    mentors = [dict(row) for row in (await session.execute(mentors_stmt)).mappings()]
    mentees = [dict(row) for row in (await session.execute(mentees_stmt)).mappings()]
    places = np.array(
        [
            max(
                (m["capacity"] if m["capacity"] is not None else program.target_caseload)
                - m["open_matches"],
                0,
            )
            for m in mentors
        ],
        dtype=np.int64,
    ).reshape(len(mentors))
    return Pool(mentors, mentees, places)


def check_pool_size(mentors: int, mentees: int) -> None:
    if mentors * mentees > MAX_PAIRS:
        raise Conflict(
            f"The programme has {mentors:,} mentors and {mentees:,} mentees to match: more "
            f"than the {MAX_PAIRS:,} pairs suggestions weigh at once. Match some mentees "
            "first, or split the programme."
        )


def profile(row: Mapping[str, Any]) -> Profile:
    return Profile(
        person_id=row["person_id"],
        school_id=row["school_id"],
        supervisor_id=row["supervisor_id"],
        subjects=row["subjects"] or (),
        grade_levels=row["grade_levels"] or (),
        interests=row["interests"] or (),
        school_level=row["school_level"],
        locale_type=row["locale_type"],
        years_experience=row["years_experience"],
    )


def brief(row: Mapping[str, Any]) -> dict[str, Any]:
    name = None
    if row["given_name"] is not None:
        name = f"{row['given_name']} {row['family_name']}"
    return {
        "id": row["id"],
        "person_id": row["person_id"],
        "name": name,
        "school_id": row["school_id"],
    }


async def match_suggestions(
    session: AsyncSession,
    scope: Scope,
    program_id: uuid.UUID,
    same_school: SameSchool,
    limit: int,
    today: dt.date,
) -> dict[str, Any]:
    program = await program_to_run(session, scope, program_id)
    pool = await load_pool(session, program, today)
    check_pool_size(len(pool.mentors), len(pool.mentees))
    mentor_profiles = [profile(m) for m in pool.mentors]
    mentee_profiles = [profile(m) for m in pool.mentees]
    fitted = fit(
        mentor_profiles, mentee_profiles, avoid_same_school=same_school is SameSchool.avoid
    )
    chosen = assignment.assign(fitted.score, fitted.allowed, pool.places)
    rows, cols = chosen.mentors.tolist(), chosen.mentees.tolist()
    explained = pair_reasons(
        fitted, [mentor_profiles[i] for i in rows], [mentee_profiles[j] for j in cols], rows, cols
    )
    pairs = [
        _pair(program.id, pool, i, j, float(score), why)
        for i, j, score, why in zip(
            rows, cols, fitted.score[rows, cols].tolist(), explained, strict=True
        )
    ]
    pairs.sort(key=lambda pair: (-pair["score"], str(pair["mentee"]["id"])))
    unmatched = _unmatched(fitted, pool, set(cols))
    return {
        "program_id": program.id,
        "same_school": same_school,
        "mentors_considered": len(pool.mentors),
        "places": int(pool.places.sum()),
        "mentees_unmatched": len(pool.mentees),
        "suggested": len(pairs),
        "total_score": round(chosen.total_score, 3),
        "pairs": pairs[:limit],
        "unmatched_total": len(unmatched),
        "unmatched": unmatched[:limit],
    }


def _pair(
    program_id: uuid.UUID, pool: Pool, i: int, j: int, score: float, why: list[Reason]
) -> dict[str, Any]:
    mentor, mentee = pool.mentors[i], pool.mentees[j]
    score = round(score, 3)
    return {
        "mentor": brief(mentor),
        "mentee": brief(mentee),
        "score": score,
        "reasons": [{"code": r.code, "points": r.points, "text": r.text} for r in why],
        "accept": {
            "program_id": program_id,
            "mentor_id": mentor["id"],
            "mentee_id": mentee["id"],
            "score": score,
            "status": MatchStatus.proposed,
        },
    }


def _unmatched(fitted: Fit, pool: Pool, placed: set[int]) -> list[dict[str, Any]]:
    with_places = pool.places > 0
    left = []
    for j, mentee in enumerate(pool.mentees):
        if j in placed:
            continue
        open_to = fitted.allowed[:, j]
        if (open_to & with_places).any():
            reason = UnmatchedReason.no_capacity
            text = "The mentors who may take them have no places left after the others."
        elif open_to.any():
            reason = UnmatchedReason.no_capacity
            text = "Every mentor who may take them is at capacity."
        elif not pool.mentors:
            reason = UnmatchedReason.no_allowed_mentor
            text = "The programme has no mentors."
        else:
            reason = UnmatchedReason.no_allowed_mentor
            barriers = barriers_against(fitted, j, ~open_to)
            words = " or ".join(BARRIER_WORDS[b] for b in barriers)
            text = f"Every mentor in the programme {words}."
        left.append({"mentee": brief(mentee), "reason": reason, "text": text})
    return left
