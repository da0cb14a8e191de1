"""Query parameters the goals area's derived views share."""

import datetime as dt
from typing import Annotated

from fastapi import Query

from api.core.errors import BadRequest
from api.goals.vocabulary import SCHOOL_YEAR_PATTERN, school_year_is_consecutive, school_year_of

SchoolYearQuery = Annotated[
    str | None,
    Query(
        pattern=SCHOOL_YEAR_PATTERN,
        max_length=7,
        description="`2026-27`; the current school year (from July 1) when left out.",
        examples=["2026-27"],
    ),
]


def school_year_or_current(school_year: str | None, today: dt.date) -> str:
    """The school year asked for, or the current one; `2026-28` is a 400 naming the field."""
    return school_year_of(today) if school_year is None else checked_school_year(school_year)


def checked_school_year(school_year: str, *, followed: bool = False) -> str:
    """The school year, refused (400 naming the field) unless it is two consecutive years,
    and, with `followed`, one the calendar can follow with another."""
    if not school_year_is_consecutive(school_year) or (followed and school_year >= "9999"):
        raise BadRequest(
            f"school_year: {school_year} is not two consecutive years like 2026-27"
            + (" with a year after it." if followed else "."),
            errors=[
                {
                    "loc": ["query", "school_year"],
                    "msg": "Two consecutive years, like 2026-27.",
                    "type": "value_error",
                }
            ],
        )
    return school_year
