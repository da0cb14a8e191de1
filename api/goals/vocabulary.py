"""The goals area's controlled vocabularies."""

import datetime as dt
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


# `2026-27`: the second year is the first plus one, which the pattern spells out for each
# pair of last digits, so the published schema and the server agree on what a year is.
SCHOOL_YEAR_PATTERN = (
    r"^\d{2}(?:" + "|".join(f"{n:02d}-{(n + 1) % 100:02d}" for n in range(100)) + ")$"
)
_SCHOOL_YEAR = re.compile(SCHOOL_YEAR_PATTERN)


def school_year_is_consecutive(school_year: str) -> bool:
    if not _SCHOOL_YEAR.match(school_year):
        return False
    first, second = school_year.split("-")
    return (int(first) + 1) % 100 == int(second)


def next_school_year(school_year: str) -> str:
    first = int(school_year[:4]) + 1
    return f"{first}-{(first + 1) % 100:02d}"


# Which partner service categories (also the vocabulary of partners' focus areas)
# serve a goal of each area: suggestions for a gap look for these.
AREA_SERVICE_CATEGORIES: dict[GoalArea, tuple[str, ...]] = {
    GoalArea.math: ("tutoring", "after_school"),
    GoalArea.ela: ("tutoring", "after_school"),
    GoalArea.science: ("tutoring", "enrichment", "after_school"),
    GoalArea.attendance: ("mentoring", "family_engagement", "health"),
    GoalArea.sel_wellbeing: ("mental_health", "mentoring"),
    GoalArea.family_engagement: ("family_engagement",),
    GoalArea.physical_health: ("health", "physical_activity"),
    GoalArea.college_career: ("college_career", "mentoring"),
    GoalArea.school_climate: ("mentoring", "mental_health", "enrichment"),
    GoalArea.staff_development: ("professional_development",),
    GoalArea.other: (),
}

# A school year runs from the first of July, the usual fiscal year of US districts.
SCHOOL_YEAR_START_MONTH = 7


def school_year_of(day: dt.date) -> str:
    first = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def school_year_start(school_year: str) -> dt.date:
    return dt.date(int(school_year[:4]), SCHOOL_YEAR_START_MONTH, 1)
