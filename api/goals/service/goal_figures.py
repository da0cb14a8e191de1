"""A goal's derived figures: in Python for each response (`api.goals.progress`), and the
same on-track and progress arithmetic as SQL, for the filters and the CSV export.

The SQL repeats the module's float operations in its order (baseline plus the
distance times the elapsed share), so a reading exactly on the line is on track in
both; `tests/goals/test_goals_api.py` holds them to each other on a table of goals.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, or_

from api.core.day_spans import days_between
from api.goals.models import Goal
from api.goals.progress import Reading, SmartFields, progress_of

FIGURES = (
    "progress",
    "progress_reason",
    "on_track",
    "on_track_reason",
    "expected",
    "latest",
    "last_measured_on",
    "days_to_target",
)


def figures(row: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The derived fields of a goal row (its SMART fields and its latest reading)."""
    smart = SmartFields(
        direction=row["direction"],
        baseline_value=row["baseline_value"],
        baseline_date=row["baseline_date"],
        target_value=row["target_value"],
        target_date=row["target_date"],
    )
    latest = None
    if row["latest_value"] is not None and row["last_measured_on"] is not None:
        latest = Reading(row["last_measured_on"], row["latest_value"])
    computed = progress_of(smart, latest, today)
    return {name: getattr(computed, name) for name in FIGURES}


def _float(column: Any) -> ColumnElement[float]:
    return cast(column, Float)


def _expected() -> ColumnElement[float]:
    """The straight line's value on the latest reading's date, held at the target after it."""
    span = days_between(Goal.target_date, Goal.baseline_date)
    elapsed = days_between(Goal.last_measured_on, Goal.baseline_date)
    share = case(
        (or_(span <= 0, elapsed >= span), 1.0),
        else_=_float(elapsed) / _float(span),
    )
    baseline = _float(Goal.baseline_value)
    return baseline + (_float(Goal.target_value) - baseline) * share


def _on_track_computable() -> ColumnElement[bool]:
    return and_(
        Goal.baseline_value.is_not(None),
        Goal.target_value.is_not(None),
        Goal.baseline_value != Goal.target_value,
        Goal.latest_value.is_not(None),
        Goal.last_measured_on.is_not(None),
        Goal.baseline_date.is_not(None),
        Goal.target_date.is_not(None),
        Goal.last_measured_on >= Goal.baseline_date,
    )


def on_track_is(wanted: bool) -> ColumnElement[bool]:
    """Goals whose `on_track` is `wanted` (not null): at or beyond the line, or short of it."""
    latest, expected = _float(Goal.latest_value), _expected()
    increase = Goal.direction == "increase"
    if wanted:
        beyond = or_(and_(increase, latest >= expected), and_(~increase, latest <= expected))
    else:
        beyond = or_(and_(increase, latest < expected), and_(~increase, latest > expected))
    return and_(_on_track_computable(), beyond)


def on_track_column() -> ColumnElement[bool | None]:
    return case((on_track_is(True), True), (on_track_is(False), False), else_=None)


def progress_column() -> ColumnElement[float | None]:
    baseline = _float(Goal.baseline_value)
    computable = and_(
        Goal.baseline_value.is_not(None),
        Goal.target_value.is_not(None),
        Goal.baseline_value != Goal.target_value,
        Goal.latest_value.is_not(None),
        Goal.last_measured_on.is_not(None),
    )
    share = (_float(Goal.latest_value) - baseline) / (_float(Goal.target_value) - baseline)
    return case((computable, share), else_=None)
