"""Derived status and partnership health as SQL expressions, so lists, filters
and rollups compute them in the query instead of loading rows."""

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, false, func, literal, or_, select

from api.partners.models import ActionItem, Agreement
from api.partners.vocabulary import CADENCE_DAYS, AgreementStatus

OVERDUE_FACTOR = 1.5
# Expressions depend only on the date, so each is built once a day, not per request.
daily = functools.lru_cache(maxsize=8)


@daily
def effective_status(today: dt.date) -> ColumnElement[str]:
    return case(
        (and_(Agreement.status == "active", Agreement.end_date < today), "expired"),
        else_=Agreement.status,
    )


@daily
def live(today: dt.date) -> ColumnElement[bool]:
    """Active and not past its end date (it may not have started yet)."""
    return and_(Agreement.status == "active", Agreement.end_date >= today)


def has_status(statuses: Sequence[str], today: dt.date) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    stored = [s for s in statuses if s not in (AgreementStatus.active, AgreementStatus.expired)]
    if stored:
        conditions.append(Agreement.status.in_(stored))
    if AgreementStatus.active in statuses:
        conditions.append(live(today))
    if AgreementStatus.expired in statuses:
        conditions.append(and_(Agreement.status == "active", Agreement.end_date < today))
    return or_(*conditions) if conditions else false()


@daily
def expiring_within(days: int, today: dt.date) -> ColumnElement[bool]:
    return and_(
        Agreement.status == "active",
        Agreement.end_date >= today,
        Agreement.end_date <= today + dt.timedelta(days=days),
    )


def overdue_cutoffs(today: dt.date) -> dict[str, dt.date]:
    """Overdue when the clock started before this date: more than 1.5 x cadence days ago.

    Days are whole, so "more than 10.5 days" is "more than 10 days".
    """
    return {
        cadence.value: today - dt.timedelta(days=math.floor(days * OVERDUE_FACTOR))
        for cadence, days in CADENCE_DAYS.items()
    }


@daily
def overdue(today: dt.date) -> ColumnElement[bool]:
    # The clock starts at the last interaction, or at the start date when
    # nothing has been logged since the agreement began.
    clock = case(
        (
            and_(
                Agreement.last_interaction_on.is_not(None),
                Agreement.last_interaction_on > Agreement.start_date,
            ),
            Agreement.last_interaction_on,
        ),
        else_=Agreement.start_date,
    )
    cutoff = case(
        {name: literal(date, Date) for name, date in overdue_cutoffs(today).items()},
        value=Agreement.cadence,
    )
    return and_(
        live(today),
        Agreement.start_date <= today,
        Agreement.cadence.is_not(None),
        clock < cutoff,
    )


@daily
def action_item_counts(today: dt.date) -> tuple[ColumnElement[Any], ...]:
    open_items = and_(ActionItem.agreement_id == Agreement.id, ActionItem.done.is_(False))
    return (
        select(func.count(ActionItem.id))
        .where(open_items)
        .scalar_subquery()
        .label("open_action_items"),
        select(func.count(ActionItem.id))
        .where(open_items, ActionItem.due_date < today)
        .scalar_subquery()
        .label("overdue_action_items"),
    )


@daily
def health_columns(today: dt.date) -> tuple[ColumnElement[Any], ...]:
    return (
        effective_status(today).label("effective_status"),
        case((overdue(today), True), else_=False).label("overdue"),
        *action_item_counts(today),
    )


def health_body(row: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    last = row["last_interaction_on"]
    cadence = row["cadence"]
    return {
        "last_interaction_on": last,
        "days_since_last_interaction": (today - last).days if last else None,
        "cadence_days": CADENCE_DAYS[cadence] if cadence else None,
        "overdue": bool(row["overdue"]),
        "open_action_items": int(row["open_action_items"]),
        "overdue_action_items": int(row["overdue_action_items"]),
    }
