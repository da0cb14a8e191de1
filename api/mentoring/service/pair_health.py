"""Pair health: how a match's check-ins keep up with its cadence.

Only an active match has a health. Its reference day is its last check-in, or the
day it started when it has had none; it is due a check-in `cadence_days` after that:

- `too_early`: no check-in yet, and the first is not due yet (a new pair);
- `on_track`: checked in, and the next is not due yet;
- `needs_check_in`: the due day has come (today is on or after it).

`next_check_in_due` is that due day: the date the health turns to needs_check_in.
"""

import datetime as dt
from dataclasses import dataclass

from api.mentoring.vocabulary import Health, MatchStatus


@dataclass(frozen=True)
class PairHealth:
    health: Health | None
    days_since_check_in: int | None
    next_check_in_due: dt.date | None


def pair_health(
    status: str,
    started_on: dt.date | None,
    last_check_in_on: dt.date | None,
    cadence_days: int,
    today: dt.date,
) -> PairHealth:
    since = (today - last_check_in_on).days if last_check_in_on is not None else None
    reference = last_check_in_on or started_on
    if status != MatchStatus.active or reference is None:
        return PairHealth(None, since, None)
    due = reference + dt.timedelta(days=cadence_days)
    if today >= due:
        health = Health.needs_check_in
    elif last_check_in_on is None:
        health = Health.too_early
    else:
        health = Health.on_track
    return PairHealth(health, since, due)
