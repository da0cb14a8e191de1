import datetime as dt

import pytest

from api.mentoring.service.pair_health import PairHealth, pair_health

D = dt.date(2026, 3, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "started", "last", "cadence", "today", "expected"),
    [
        # A new pair before its first check-in is due.
        ("active", D, None, 14, day(13), PairHealth("too_early", None, day(14))),
        # The due day itself turns it.
        ("active", D, None, 14, day(14), PairHealth("needs_check_in", None, day(14))),
        ("active", D, day(10), 14, day(23), PairHealth("on_track", 13, day(24))),
        ("active", D, day(10), 14, day(24), PairHealth("needs_check_in", 14, day(24))),
        ("active", D, day(10), 7, day(30), PairHealth("needs_check_in", 20, day(17))),
        ("proposed", None, None, 14, day(40), PairHealth(None, None, None)),
        ("completed", D, day(5), 14, day(40), PairHealth(None, 35, None)),
        ("ended_early", D, None, 14, day(40), PairHealth(None, None, None)),
    ],
)
def test_pair_health_follows_the_cadence(
    status: str,
    started: dt.date | None,
    last: dt.date | None,
    cadence: int,
    today: dt.date,
    expected: PairHealth,
) -> None:
    assert pair_health(status, started, last, cadence, today) == expected
