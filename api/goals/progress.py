"""A goal's derived figures, from its SMART fields and its latest reading.

Pure arithmetic, no I/O: every goal response, the alignment metrics and the
school summary read these, so they agree by construction.

- progress: the share of the way from baseline to target the latest reading has
  come. The same formula serves both directions, because the sign of
  (target - baseline) carries the direction. It is not clipped: 1.25 means the
  target was overshot by a quarter of the distance, -0.1 that the reading fell
  back past the baseline.
- on_track: the latest reading against the straight line from baseline (at the
  baseline date) to target (at the target date), at the reading's date; a reading
  after the target date is held to the target itself.
A figure that cannot be computed is None, with the reason beside it.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class NotComputed(StrEnum):
    no_readings = "no_readings"
    no_baseline = "no_baseline"
    no_target = "no_target"
    baseline_equals_target = "baseline_equals_target"
    reading_before_baseline = "reading_before_baseline"


@dataclass(frozen=True)
class SmartFields:
    direction: str
    baseline_value: float | None
    baseline_date: dt.date | None
    target_value: float | None
    target_date: dt.date | None


@dataclass(frozen=True)
class Reading:
    measured_on: dt.date
    value: float


@dataclass(frozen=True)
class GoalProgress:
    progress: float | None
    progress_reason: NotComputed | None
    on_track: bool | None
    on_track_reason: NotComputed | None
    # The value the straight line expects on the latest reading's date.
    expected: float | None
    latest: float | None
    last_measured_on: dt.date | None
    days_to_target: int | None


def _missing(goal: SmartFields, latest: Reading | None) -> NotComputed | None:
    if goal.baseline_value is None:
        return NotComputed.no_baseline
    if goal.target_value is None:
        return NotComputed.no_target
    if goal.baseline_value == goal.target_value:
        return NotComputed.baseline_equals_target
    if latest is None:
        return NotComputed.no_readings
    return None


def expected_on(goal: SmartFields, day: dt.date) -> float | None:
    """The straight line's value on a day, held at the target after the target date;
    None before the baseline date or without both ends of the line."""
    if (
        goal.baseline_value is None
        or goal.target_value is None
        or goal.baseline_date is None
        or goal.target_date is None
        or day < goal.baseline_date
    ):
        return None
    span = (goal.target_date - goal.baseline_date).days
    elapsed = (day - goal.baseline_date).days
    share = 1.0 if span <= 0 or elapsed >= span else elapsed / span
    return goal.baseline_value + (goal.target_value - goal.baseline_value) * share


def _at_or_beyond(direction: str, value: float, expected: float) -> bool:
    return value >= expected if direction == "increase" else value <= expected


def progress_of(goal: SmartFields, latest: Reading | None, today: dt.date) -> GoalProgress:
    days_to_target = (goal.target_date - today).days if goal.target_date else None
    last_value = latest.value if latest else None
    last_day = latest.measured_on if latest else None
    missing = _missing(goal, latest)
    baseline, target = goal.baseline_value, goal.target_value
    if missing is not None or latest is None or baseline is None or target is None:
        return GoalProgress(
            None, missing, None, missing, None, last_value, last_day, days_to_target
        )
    progress = (latest.value - baseline) / (target - baseline)
    if goal.baseline_date is None:
        return GoalProgress(
            progress,
            None,
            None,
            NotComputed.no_baseline,
            None,
            last_value,
            last_day,
            days_to_target,
        )
    if goal.target_date is None:
        return GoalProgress(
            progress, None, None, NotComputed.no_target, None, last_value, last_day, days_to_target
        )
    expected = expected_on(goal, latest.measured_on)
    if expected is None:
        return GoalProgress(
            progress,
            None,
            None,
            NotComputed.reading_before_baseline,
            None,
            last_value,
            last_day,
            days_to_target,
        )
    on_track = _at_or_beyond(goal.direction, latest.value, expected)
    return GoalProgress(
        progress, None, on_track, None, expected, last_value, last_day, days_to_target
    )
