"""The agreement lifecycle as data: which action moves which status where.

Pure (no database, no HTTP) so every transition, allowed and refused, is tested
from a table. `expired` is never stored: an active agreement whose end date has
passed reads as expired, so nothing has to run at midnight.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from api.partners.vocabulary import AgreementStatus as Status


class Action(StrEnum):
    propose = "propose"
    activate = "activate"
    terminate = "terminate"
    withdraw = "withdraw"
    renew = "renew"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    # None: the agreement keeps its status (renew creates the next agreement instead).
    target: Status | None


RULES: dict[Action, Rule] = {
    Action.propose: Rule(frozenset({Status.draft}), Status.proposed),
    Action.activate: Rule(frozenset({Status.proposed}), Status.active),
    Action.terminate: Rule(frozenset({Status.active}), Status.terminated),
    Action.withdraw: Rule(frozenset({Status.draft, Status.proposed}), Status.withdrawn),
    Action.renew: Rule(frozenset({Status.active, Status.expired}), None),
}

# Once proposed, the terms (parties, dates, services, resources) are what the
# other side agreed to; only the working arrangements may still change.
WORKING_FIELDS = frozenset({"communication_plan", "document_url", "reference_code"})
EDITABLE: dict[Status, frozenset[str] | None] = {
    Status.draft: None,  # everything
    Status.proposed: WORKING_FIELDS,
    Status.active: WORKING_FIELDS,
    Status.expired: frozenset(),
    Status.terminated: frozenset(),
    Status.withdrawn: frozenset(),
}


class IllegalTransition(Exception):
    def __init__(self, status: Status, action: Action) -> None:
        self.status = status
        self.action = action
        self.allowed = allowed_actions(status)
        allowed = ", ".join(self.allowed) or "none"
        super().__init__(
            f"Cannot {action} an agreement that is {status}; allowed from {status}: {allowed}."
        )


class NotEditable(Exception):
    def __init__(self, status: Status, fields: Iterable[str]) -> None:
        self.status = status
        self.fields = sorted(fields)
        editable = EDITABLE[status]
        if editable is not None and not editable:
            message = f"An agreement that is {status} cannot be changed."
        else:
            message = (
                f"An agreement that is {status} can only change "
                f"{', '.join(sorted(editable or ()))}; refused: {', '.join(self.fields)}."
            )
        super().__init__(message)


def effective_status(stored: str, end_date: dt.date, today: dt.date) -> Status:
    status = Status(stored)
    if status is Status.active and end_date < today:
        return Status.expired
    return status


def allowed_actions(status: Status) -> list[Action]:
    return [action for action, rule in RULES.items() if status in rule.sources]


def next_status(status: Status, action: Action) -> Status:
    """The status after the action; raises IllegalTransition when it is not allowed."""
    rule = RULES[action]
    if status not in rule.sources:
        raise IllegalTransition(status, action)
    return rule.target or status


def check_editable(status: Status, fields: Iterable[str]) -> None:
    editable = EDITABLE[status]
    if editable is None:
        return
    refused = set(fields) - editable
    if refused:
        raise NotEditable(status, refused)


def can_delete(status: Status) -> bool:
    """Only drafts are deleted; anything the other side has seen stays as history."""
    return status is Status.draft


def activation_refusal(end_date: dt.date, today: dt.date) -> str | None:
    if end_date < today:
        return f"The agreement ended on {end_date}; activating it would make it expired at once."
    return None


def renewal_dates(
    start_date: dt.date, end_date: dt.date, new_start: dt.date | None, new_end: dt.date | None
) -> tuple[dt.date, dt.date]:
    """By default the next term starts the day after this one ends and lasts as long.

    Raises RenewalOutOfCalendar when that runs past 9999-12-31.
    """
    try:
        start = new_start or end_date + dt.timedelta(days=1)
        end = new_end or start + (end_date - start_date)
    except OverflowError as exc:
        raise RenewalOutOfCalendar(end_date) from exc
    return start, end


class RenewalOutOfCalendar(Exception):
    def __init__(self, end_date: dt.date) -> None:
        super().__init__(
            f"The next term would end after {dt.date.max}, as this one ends on {end_date}; "
            "give the renewal's start_date and end_date."
        )
