"""A match's cadence: its mentee's school tier in the programme, else the programme's."""

from typing import Any

from sqlalchemy import ColumnElement, case, func

from api.mentoring.models import Program, ProgramSchool
from api.mentoring.vocabulary import TIER_DEFAULTS


def tier_cadence_sql() -> ColumnElement[Any]:
    """The tier school's cadence (NULL when the school has no tier: outer-joined)."""
    defaults = {tier.value: cadence for tier, (cadence, _) in TIER_DEFAULTS.items()}
    return func.coalesce(
        ProgramSchool.cadence_days, case(defaults, value=ProgramSchool.tier, else_=None)
    )


def tier_weight_sql() -> ColumnElement[Any]:
    """The tier school's caseload weight: its override, else the tier's."""
    defaults = {tier.value: weight for tier, (_, weight) in TIER_DEFAULTS.items()}
    return func.coalesce(
        ProgramSchool.caseload_weight, case(defaults, value=ProgramSchool.tier, else_=None)
    )


def cadence_sql() -> ColumnElement[int]:
    """The effective cadence, with ProgramSchool outer-joined on the mentee's school."""
    return func.coalesce(tier_cadence_sql(), Program.cadence_days)
