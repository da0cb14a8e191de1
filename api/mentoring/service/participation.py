"""The pyramid's first level: who took part, how often pairs met, and caseloads, in SQL."""

from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Date,
    Float,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.core.day_spans import days_between
from api.core.scope import Scope
from api.mentoring.models import CheckIn, Match, Participant, Program, ProgramSchool
from api.mentoring.service.impact_scope import (
    ImpactFilters,
    Period,
    enrolled_during,
    participants_counted,
)
from api.mentoring.service.statistics import counted, withheld
from api.mentoring.vocabulary import TIER_DEFAULTS, MatchStatus, ParticipantRole

DAYS_PER_MONTH = 365.25 / 12

ENROLLED = (
    "participations whose enrolment overlaps the period (enrolled on or before its end, "
    "not left before its start); people counts each person once across roles and programmes"
)
ACTIVE_MATCHES = (
    "matches past the proposal stage whose mentee is counted, started on or before the "
    "period's end and not ended before its start; each is observed over its window: from the "
    "later of its start and the period's start to the earlier of its end and the period's end"
)
RATE = (
    "check-ins held within the matches' windows / match-months observed (window days summed "
    "over the matches / 30.4375)"
)
ADHERENCE = (
    "share of active matches whose every gap stayed within the cadence: from the window's "
    "start to the first check-in, between consecutive check-ins, and from the last check-in "
    "to the window's end (a match with none adheres while its window is no longer than the "
    "cadence). The cadence is the mentee's school's tier cadence in the programme when it has "
    "one, else the programme's cadence_days"
)
CASELOAD = (
    "per mentor with an active match: distinct mentees in their active matches, against "
    "the programme's target_caseload; means over those mentors"
)


def _tier_cadence() -> Any:
    return case(
        *((ProgramSchool.tier == tier.value, days) for tier, (days, _) in TIER_DEFAULTS.items()),
        else_=None,
    )


def active_matches(scope: Scope, filters: ImpactFilters, period: Period) -> CTE:
    """The counted matches with their observation window, cadence and target."""
    mentee = aliased(Participant)
    start = literal(period.start, Date)
    end = literal(period.end, Date)
    window_start = case((Match.started_on > start, Match.started_on), else_=start)
    window_end = case(
        (and_(Match.ended_on.is_not(None), Match.ended_on < end), Match.ended_on), else_=end
    )
    cadence = func.coalesce(ProgramSchool.cadence_days, _tier_cadence(), Program.cadence_days)
    return (
        select(
            Match.id,
            Match.mentor_id,
            Match.mentee_id,
            Program.target_caseload.label("target"),
            cadence.label("cadence"),
            window_start.label("window_start"),
            window_end.label("window_end"),
            Match.check_in_count,
            Match.first_check_in_on,
            Match.last_check_in_on,
            Match.longest_check_in_gap,
        )
        .join(mentee, mentee.id == Match.mentee_id)
        .join(Program, Program.id == Match.program_id)
        .outerjoin(
            ProgramSchool,
            and_(
                ProgramSchool.program_id == Match.program_id,
                ProgramSchool.school_id == mentee.school_id,
            ),
        )
        .where(
            Match.status != MatchStatus.proposed.value,
            Match.started_on.is_not(None),
            Match.started_on <= period.end,
            or_(Match.ended_on.is_(None), Match.ended_on >= period.start),
            *participants_counted(scope, filters, mentee),
        )
        .cte("counted_matches")
    )


async def _enrolled(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> dict[str, Any]:
    stmt = select(
        func.count().label("participations"),
        func.count(func.distinct(func.coalesce(Participant.person_id, Participant.id))).label(
            "people"
        ),
        func.count().filter(Participant.role == ParticipantRole.mentor.value).label("mentors"),
        func.count().filter(Participant.role == ParticipantRole.mentee.value).label("mentees"),
    ).where(*participants_counted(scope, filters), enrolled_during(period))
    row = (await session.execute(stmt)).mappings().one()
    return {name: int(row[name] or 0) for name in row} | {"method": ENROLLED}


def _whole(matches: CTE) -> ColumnElement[bool]:
    """Whether every check-in of the match falls within its window, so the summary the
    match keeps (count, first, last, longest gap) is the window's own."""
    m = matches.c
    return or_(
        m.check_in_count == 0,
        and_(m.first_check_in_on >= m.window_start, m.last_check_in_on <= m.window_end),
    )


def _held(matches: CTE, period: Period) -> Any:
    """The period's check-ins of the matches the period cuts through, each with the one
    before it in its match.

    The previous check-in is taken over the whole period, so the window function can
    read the (match, date) index in order without sorting; a gap counts only when that
    previous check-in also falls in the match's window (see `_cut`).
    """
    cut = select(matches.c.id).where(~_whole(matches))
    return (
        select(
            CheckIn.match_id,
            CheckIn.held_on,
            func.lag(CheckIn.held_on)
            .over(partition_by=CheckIn.match_id, order_by=CheckIn.held_on)
            .label("previous"),
        )
        .where(CheckIn.held_on.between(period.start, period.end), CheckIn.match_id.in_(cut))
        .subquery("held")
    )


def _cut(matches: CTE, period: Period) -> Any:
    """Per match the period cuts through, its check-ins within its window."""
    held, m = _held(matches, period), matches.c
    in_window = and_(held.c.held_on >= m.window_start, held.c.held_on <= m.window_end)
    return (
        select(
            m.id.label("match_id"),
            func.count().label("check_ins"),
            func.min(held.c.held_on).label("first"),
            func.max(held.c.held_on).label("last"),
            func.max(days_between(held.c.held_on, held.c.previous))
            .filter(held.c.previous >= m.window_start)
            .label("longest_gap"),
        )
        .select_from(matches)
        .join(held, and_(held.c.match_id == m.id, in_window))
        .group_by(m.id)
        .subquery("cut")
    )


def _meetings_row(matches: CTE, period: Period) -> Any:
    cut, m, cadence = _cut(matches, period), matches.c, matches.c.cadence
    whole = _whole(matches)

    def kept_or_read(kept: Any, read: Any) -> Any:
        return case((whole, kept), else_=read)

    check_ins = kept_or_read(m.check_in_count, func.coalesce(cut.c.check_ins, 0))
    first = kept_or_read(m.first_check_in_on, cut.c.first)
    last = kept_or_read(m.last_check_in_on, cut.c.last)
    longest_gap = kept_or_read(m.longest_check_in_gap, cut.c.longest_gap)
    met = and_(
        check_ins > 0,
        func.coalesce(longest_gap, 0) <= cadence,
        days_between(first, m.window_start) <= cadence,
        days_between(m.window_end, last) <= cadence,
    )
    short = and_(check_ins == 0, days_between(m.window_end, m.window_start) <= cadence)
    return (
        select(
            func.count().label("matches"),
            func.sum(days_between(m.window_end, m.window_start) + 1).label("days"),
            func.sum(check_ins).label("check_ins"),
            func.count().filter(or_(met, short)).label("adherent"),
        )
        .select_from(matches)
        .outerjoin(cut, cut.c.match_id == m.id)
        .subquery("meetings")
    )


def _meetings(row: Any) -> dict[str, Any]:
    n, months = int(row["matches"]), int(row["days"] or 0) / DAYS_PER_MONTH
    check_ins, adherent = int(row["check_ins"] or 0), int(row["adherent"] or 0)
    hidden = withheld(n) is not None
    return {
        "active_matches": {"n": n, "method": ACTIVE_MATCHES},
        "check_ins_per_match_month": counted(check_ins / months if months else None, n, RATE)
        | {
            "check_ins": None if hidden else check_ins,
            "match_months": None if hidden else months,
        },
        "cadence_adherence": counted(adherent / n if n else None, n, ADHERENCE)
        | {"adherent": None if hidden else adherent},
    }


def _caseload_row(matches: CTE) -> Any:
    per_mentor = (
        select(
            func.count(func.distinct(matches.c.mentee_id)).label("caseload"),
            func.max(matches.c.target).label("target"),
        )
        .group_by(matches.c.mentor_id)
        .subquery("per_mentor")
    )
    caseload, target = cast(per_mentor.c.caseload, Float), cast(per_mentor.c.target, Float)
    return select(
        func.count().label("mentors"),
        func.avg(caseload).label("mean_caseload"),
        func.avg(target).label("mean_target"),
        # A programme without a target has no ratio to count in the mean.
        func.avg(caseload / func.nullif(target, 0)).label("mean_ratio"),
        func.count().filter(per_mentor.c.caseload > per_mentor.c.target).label("over_target"),
    ).subquery("caseload")


def _caseload(row: Any) -> dict[str, Any]:
    n = int(row["mentors"])
    reason = withheld(n)

    def shown(name: str) -> float | None:
        return None if reason or row[name] is None else float(row[name])

    return {
        "n": n,
        "mean_caseload": shown("mean_caseload"),
        "mean_target": shown("mean_target"),
        "mean_ratio_to_target": shown("mean_ratio"),
        "over_target": None if reason else int(row["over_target"]),
        "method": CASELOAD,
        "withheld_reason": reason,
    }


async def participation(
    session: AsyncSession, scope: Scope, filters: ImpactFilters, period: Period
) -> dict[str, Any]:
    # One statement, so the counted matches are gathered once for both figures.
    matches = active_matches(scope, filters, period)
    meetings, caseload = _meetings_row(matches, period), _caseload_row(matches)
    both = select(meetings, caseload).select_from(meetings).join(caseload, true())
    row = (await session.execute(both)).mappings().one()
    return {
        "enrolled": await _enrolled(session, scope, filters, period),
        **_meetings(row),
        "caseload": _caseload(row),
    }
