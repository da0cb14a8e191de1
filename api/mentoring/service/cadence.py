"""A match's cadence: its mentee's school tier in the programme, else the programme's."""

from typing import Any

from sqlalchemy import ColumnElement, case, func

from api.mentoring.models import Program, ProgramSchool
from api.mentoring.vocabulary import TIER_DEFAULTS


def tier_cadence(tier: str, override: int | None) -> int:
    return override if override is not None else TIER_DEFAULTS[tier][0]  # type: ignore[index]


def tier_weight(tier: str, override: float | None) -> float:
    return override if override is not None else TIER_DEFAULTS[tier][1]  # type: ignore[index]


def tier_cadence_sql() -> ColumnElement[Any]:
    """The tier school's cadence (NULL when the school has no tier: outer-joined)."""
    defaults = {tier.value: cadence for tier, (cadence, _) in TIER_DEFAULTS.items()}
    return func.coalesce(
        ProgramSchool.cadence_days, case(defaults, value=ProgramSchool.tier, else_=None)
    )


def cadence_sql() -> ColumnElement[int]:
    """The effective cadence, with ProgramSchool outer-joined on the mentee's school."""
    return func.coalesce(tier_cadence_sql(), Program.cadence_days)
