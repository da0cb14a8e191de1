"""Instants from clients: aware, in UTC, and within what the databases store."""

import datetime as dt


class UnrepresentableTime(ValueError):
    pass


def in_utc(value: dt.datetime) -> dt.datetime:
    """The same instant in UTC; a naive time or one that falls outside the calendar
    (0001-01-01T00:00:00+14:00 is in year 0 in UTC) is refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise UnrepresentableTime("the time needs a time zone, e.g. 2026-01-01T00:00:00Z")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise UnrepresentableTime(
            "the time is outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z in UTC"
        ) from exc
