"""The goals area's controlled vocabularies."""

import re
from enum import StrEnum


class GoalArea(StrEnum):
    math = "math"
    ela = "ela"
    science = "science"
    attendance = "attendance"
    sel_wellbeing = "sel_wellbeing"
    family_engagement = "family_engagement"
    physical_health = "physical_health"
    college_career = "college_career"
    school_climate = "school_climate"
    staff_development = "staff_development"
    other = "other"


class GoalStatus(StrEnum):
    draft = "draft"
    active = "active"
    achieved = "achieved"
    missed = "missed"
    dropped = "dropped"


# A goal in one of these is finished: rollover leaves it behind.
FINISHED_STATUSES = frozenset({GoalStatus.achieved, GoalStatus.missed, GoalStatus.dropped})


class Direction(StrEnum):
    increase = "increase"
    decrease = "decrease"


class Strength(StrEnum):
    primary = "primary"
    supporting = "supporting"


# `2026-27`: the second year is the first plus one.
SCHOOL_YEAR_PATTERN = r"^\d{4}-\d{2}$"
_SCHOOL_YEAR = re.compile(SCHOOL_YEAR_PATTERN)


def school_year_is_consecutive(school_year: str) -> bool:
    if not _SCHOOL_YEAR.match(school_year):
        return False
    first, second = school_year.split("-")
    return (int(first) + 1) % 100 == int(second)


def next_school_year(school_year: str) -> str:
    first = int(school_year[:4]) + 1
    return f"{first}-{(first + 1) % 100:02d}"
