import datetime as dt

import pytest

from api.goals.progress import NotComputed, Reading, SmartFields, expected_on, progress_of

D = dt.date
TODAY = D(2027, 1, 10)
# Attendance up from 80 to 90 between 1 Sep and 1 Jun (273 days).
UP = SmartFields("increase", 80.0, D(2026, 9, 1), 90.0, D(2027, 6, 1))
# Chronic absence down from 20 % to 10 % over the same year.
DOWN = SmartFields("decrease", 20.0, D(2026, 9, 1), 10.0, D(2027, 6, 1))
MIDWAY = D(2027, 1, 15)  # 136 of 273 days


@pytest.mark.parametrize(
    ("goal", "reading", "progress", "on_track", "reason"),
    [
        # Reached exactly at the target date.
        (UP, Reading(D(2027, 6, 1), 90.0), 1.0, True, None),
        (DOWN, Reading(D(2027, 6, 1), 10.0), 1.0, True, None),
        # Overshot: more than the whole way, still on track.
        (UP, Reading(D(2027, 3, 1), 95.0), 1.5, True, None),
        (DOWN, Reading(D(2027, 3, 1), 5.0), 1.5, True, None),
        # Fell back past the baseline: negative progress, off track.
        (UP, Reading(D(2026, 12, 1), 78.0), -0.2, False, None),
        (DOWN, Reading(D(2026, 12, 1), 22.0), -0.2, False, None),
        # Half way at (nearly) half time: the line expects 84.98 on 15 Jan.
        (UP, Reading(MIDWAY, 85.0), 0.5, True, None),
        (UP, Reading(MIDWAY, 84.9), 0.49, False, None),
        (DOWN, Reading(MIDWAY, 15.0), 0.5, True, None),
        (DOWN, Reading(MIDWAY, 15.1), 0.49, False, None),
        # After the target date the reading is held to the target itself.
        (UP, Reading(D(2027, 8, 1), 89.0), 0.9, False, None),
        (DOWN, Reading(D(2027, 8, 1), 10.0), 1.0, True, None),
        # Before the baseline date: progress is still a share; on-track has no line.
        (UP, Reading(D(2026, 8, 1), 82.0), 0.2, None, NotComputed.reading_before_baseline),
    ],
)
def test_progress_and_on_track(goal, reading, progress, on_track, reason):
    figures = progress_of(goal, reading, TODAY)
    assert figures.progress == pytest.approx(progress)
    assert figures.progress_reason is None
    assert figures.on_track is on_track
    assert figures.on_track_reason == reason
    assert figures.latest == reading.value
    assert figures.last_measured_on == reading.measured_on


@pytest.mark.parametrize(
    ("goal", "reading", "reason"),
    [
        (UP, None, NotComputed.no_readings),
        (
            SmartFields("increase", 90.0, D(2026, 9, 1), 90.0, D(2027, 6, 1)),
            Reading(MIDWAY, 91.0),
            NotComputed.baseline_equals_target,
        ),
        (
            SmartFields("increase", None, None, 90.0, D(2027, 6, 1)),
            Reading(MIDWAY, 91.0),
            NotComputed.no_baseline,
        ),
        (
            SmartFields("decrease", 20.0, D(2026, 9, 1), None, None),
            Reading(MIDWAY, 15.0),
            NotComputed.no_target,
        ),
    ],
)
def test_figures_that_cannot_be_computed_say_why(goal, reading, reason):
    figures = progress_of(goal, reading, TODAY)
    assert figures.progress is None
    assert figures.on_track is None
    assert figures.progress_reason == reason
    assert figures.on_track_reason == reason


def test_progress_without_dates_has_no_line_to_be_on():
    goal = SmartFields("increase", 80.0, None, 90.0, None)
    figures = progress_of(goal, Reading(MIDWAY, 85.0), TODAY)
    assert figures.progress == pytest.approx(0.5)
    assert figures.on_track is None
    assert figures.on_track_reason == NotComputed.no_baseline
    assert figures.days_to_target is None


def test_days_to_target_counts_down_and_goes_negative():
    assert progress_of(UP, None, D(2027, 5, 22)).days_to_target == 10
    assert progress_of(UP, None, D(2027, 6, 11)).days_to_target == -10


def test_the_line_runs_from_baseline_to_target():
    assert expected_on(UP, D(2026, 9, 1)) == 80.0
    assert expected_on(UP, D(2027, 6, 1)) == 90.0
    assert expected_on(UP, MIDWAY) == pytest.approx(80.0 + 10.0 * 136 / 273)
    assert expected_on(DOWN, MIDWAY) == pytest.approx(20.0 - 10.0 * 136 / 273)
    assert expected_on(UP, D(2026, 8, 31)) is None
