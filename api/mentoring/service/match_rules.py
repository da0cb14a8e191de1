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


def check_roles(
    mentor: Participant | None, mentee: Participant | None, program_id: uuid.UUID
) -> tuple[Participant, Participant]:
    """Both are participants of the programme, in the right roles."""
    checked = []
    for participant, role, field in (
        (mentor, ParticipantRole.mentor, "mentor_id"),
        (mentee, ParticipantRole.mentee, "mentee_id"),
    ):
        if participant is None or participant.program_id != program_id:
            raise problem(
                field, "no such participant in this programme", "reference", Unprocessable
            )
        if participant.role != role:
            raise problem(
                field,
                f"the participant is a {participant.role}, not a {role}",
                "role",
                Unprocessable,
            )
        checked.append(participant)
    return checked[0], checked[1]


def check_people(mentor: Participant, mentee: Participant) -> None:
    """Two people, and never the mentee's own supervisor."""
    if mentor.person_id is not None and mentor.person_id == mentee.person_id:
        raise problem(
            "mentee_id", "the mentor and the mentee are the same person", "pair", Unprocessable
        )
    if mentor.person_id is not None and mentor.person_id == mentee.supervisor_id:
        raise problem("mentor_id", "the mentor is the mentee's supervisor", "pair", Unprocessable)


def check_openings(
    mentor: Participant, target_caseload: int, mentee_open_match: object, mentor_open: int
) -> None:
    """One open match per mentee; a mentor's open matches within their capacity (their
    own, else the programme's target caseload)."""
    if mentee_open_match is not None:
        raise problem(
            "mentee_id",
            f"the mentee already has an open match in this programme ({mentee_open_match})",
            "matched",
            Conflict,
        )
    capacity = mentor.capacity if mentor.capacity is not None else target_caseload
    if mentor_open >= capacity:
        raise problem(
            "mentor_id",
            f"the mentor is at capacity ({capacity} open matches)",
            "capacity",
            Conflict,
        )


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
    # Locked on PostgreSQL, so two requests cannot both take a mentor's last place.
    found = {
        p.id: p
        for p in await session.scalars(
            select(Participant)
            .where(Participant.id.in_([mentor_id, mentee_id]))
            .with_for_update(key_share=True)
        )
    }
    mentor, mentee = check_roles(found.get(mentor_id), found.get(mentee_id), program.id)
    check_people(mentor, mentee)
    if not opening:
        return
    other = select(Match.id).where(Match.mentee_id == mentee_id, Match.status.in_(OPEN))
    if match_id is not None:
        other = other.where(Match.id != match_id)
    taken = await session.scalar(other)
    mentor_open = await open_matches_of(session, mentor_id, match_id)
    check_openings(mentor, program.target_caseload, taken, mentor_open)
