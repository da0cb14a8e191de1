"""The rules a pair must keep: the right roles in one programme, two people, never the
mentee's own supervisor, one open match per mentee, a mentor within capacity; and the
lifecycle proposed -> active -> completed | ended_early."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Conflict, Unprocessable
from api.mentoring.models import Match, Participant, Program
from api.mentoring.vocabulary import OPEN_MATCH_STATUSES, MatchStatus, ParticipantRole

TRANSITIONS: dict[str, frozenset[MatchStatus]] = {
    MatchStatus.proposed: frozenset({MatchStatus.active, MatchStatus.ended_early}),
    MatchStatus.active: frozenset({MatchStatus.completed, MatchStatus.ended_early}),
    MatchStatus.completed: frozenset(),
    MatchStatus.ended_early: frozenset(),
}
CLOSED = frozenset({MatchStatus.completed, MatchStatus.ended_early})
OPEN = [status.value for status in OPEN_MATCH_STATUSES]


def problem(
    field: str, msg: str, kind: str, status: type[Unprocessable] | type[Conflict]
) -> Exception:
    return status(f"{field}: {msg}.", errors=[{"loc": ["body", field], "msg": msg, "type": kind}])


def refuse_transition(before: str, after: str) -> None:
    if before == after:
        return
    allowed = TRANSITIONS[before]
    if after not in allowed:
        names = ", ".join(sorted(allowed)) or "none (the match is closed)"
        raise problem(
            "status",
            f"a {before} match cannot become {after}; allowed: {names}",
            "lifecycle",
            Conflict,
        )


async def open_matches_of(
    session: AsyncSession, mentor_id: uuid.UUID, besides: uuid.UUID | None = None
) -> int:
    stmt = (
        select(func.count())
        .select_from(Match)
        .where(Match.mentor_id == mentor_id, Match.status.in_(OPEN))
    )
    if besides is not None:
        stmt = stmt.where(Match.id != besides)
    return int(await session.scalar(stmt) or 0)


async def _participant(
    session: AsyncSession, participant_id: uuid.UUID, program_id: uuid.UUID, role: str, field: str
) -> Participant:
    # Locked on PostgreSQL, so two requests cannot both take a mentor's last place.
    participant = await session.scalar(
        select(Participant)
        .where(Participant.id == participant_id, Participant.program_id == program_id)
        .with_for_update(key_share=True)
    )
    if participant is None:
        raise problem(field, "no such participant in this programme", "reference", Unprocessable)
    if participant.role != role:
        raise problem(
            field, f"the participant is a {participant.role}, not a {role}", "role", Unprocessable
        )
    return participant


async def check_pair(
    session: AsyncSession,
    program: Program,
    mentor_id: uuid.UUID,
    mentee_id: uuid.UUID,
    opening: bool,
    match_id: uuid.UUID | None = None,
) -> None:
    """422 naming the field for a pair that cannot be; 409 for one the others' matches
    rule out (`opening`: the match is, or becomes, proposed or active)."""
    mentor = await _participant(session, mentor_id, program.id, ParticipantRole.mentor, "mentor_id")
    mentee = await _participant(session, mentee_id, program.id, ParticipantRole.mentee, "mentee_id")
    if mentor.person_id is not None and mentor.person_id == mentee.person_id:
        raise problem(
            "mentee_id", "the mentor and the mentee are the same person", "pair", Unprocessable
        )
    if mentor.person_id is not None and mentor.person_id == mentee.supervisor_id:
        raise problem("mentor_id", "the mentor is the mentee's supervisor", "pair", Unprocessable)
    if not opening:
        return
    other = select(Match.id).where(Match.mentee_id == mentee_id, Match.status.in_(OPEN))
    if match_id is not None:
        other = other.where(Match.id != match_id)
    taken = await session.scalar(other)
    if taken is not None:
        raise problem(
            "mentee_id",
            f"the mentee already has an open match in this programme ({taken})",
            "matched",
            Conflict,
        )
    capacity = mentor.capacity if mentor.capacity is not None else program.target_caseload
    if await open_matches_of(session, mentor_id, match_id) >= capacity:
        raise problem(
            "mentor_id",
            f"the mentor is at capacity ({capacity} open matches)",
            "capacity",
            Conflict,
        )
