"""The mentoring area's controlled vocabularies."""

from enum import StrEnum


class ProgramKind(StrEnum):
    mentoring = "mentoring"
    coaching = "coaching"


class ProgramStatus(StrEnum):
    planned = "planned"
    active = "active"
    closed = "closed"


class ParticipantRole(StrEnum):
    """Stored once for both kinds: in a coaching programme a mentor is a coach and a
    mentee a coachee."""

    mentor = "mentor"
    mentee = "mentee"


class SupportTier(StrEnum):
    intensive = "intensive"
    targeted = "targeted"
    universal = "universal"


class MatchStatus(StrEnum):
    proposed = "proposed"
    active = "active"
    completed = "completed"
    ended_early = "ended_early"


# A mentee has at most one of these per programme.
OPEN_MATCH_STATUSES = frozenset({MatchStatus.proposed, MatchStatus.active})


class MeetingChannel(StrEnum):
    in_person = "in_person"
    video = "video"
    phone = "phone"
    email = "email"
    other = "other"


class OutcomeLevel(StrEnum):
    """The pyramid of planned outcomes a survey item or metric speaks to."""

    participation = "participation"
    satisfaction = "satisfaction"
    growth = "growth"
    performance = "performance"
    results = "results"


class SurveyPhase(StrEnum):
    pre = "pre"
    post = "post"


class ReviewPhase(StrEnum):
    pre = "pre"
    post = "post"
    annual = "annual"


SCORE_MIN = 1
SCORE_MAX = 5


# A school's tier sets how often its leaders are coached and how much of a coach's
# caseload each counts for: (cadence in days, caseload weight).
TIER_DEFAULTS: dict[SupportTier, tuple[int, float]] = {
    SupportTier.intensive: (7, 2.0),
    SupportTier.targeted: (14, 1.5),
    SupportTier.universal: (30, 1.0),
}


class Health(StrEnum):
    """An active match's check-ins against its cadence (api/mentoring/service/pair_health.py)."""

    on_track = "on_track"
    needs_check_in = "needs_check_in"
    too_early = "too_early"


class ReviewDimension(StrEnum):
    """The rubric a supervisor scores a person on, each 1-5."""

    communication = "communication"
    collaboration = "collaboration"
    partnership_management = "partnership_management"
    instructional_support = "instructional_support"
    data_use = "data_use"
    family_engagement = "family_engagement"
    leadership = "leadership"


class SameSchool(StrEnum):
    """Whether a match suggestion may pair two people who work at the same school."""

    allow = "allow"
    avoid = "avoid"


class FitReason(StrEnum):
    """What a suggested pair has in common, each worth some points of its score."""

    shared_subjects = "shared_subjects"
    same_school_level = "same_school_level"
    same_locale_type = "same_locale_type"
    more_experience = "more_experience"
    shared_interests = "shared_interests"
    shared_grade_levels = "shared_grade_levels"


class PairBarrier(StrEnum):
    """Why a mentor may not be suggested to a mentee at all."""

    supervisor = "supervisor"
    same_person = "same_person"
    same_school = "same_school"


class UnmatchedReason(StrEnum):
    no_allowed_mentor = "no_allowed_mentor"
    no_capacity = "no_capacity"


class CaseloadAlert(StrEnum):
    over_capacity = "over_capacity"
    above_target = "above_target"
    left_with_open_matches = "left_with_open_matches"
