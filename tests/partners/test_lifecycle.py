"""The agreement state machine, from a table: every action from every status."""

import datetime as dt

import pytest

from api.partners import lifecycle
from api.partners.lifecycle import Action, IllegalTransition, NotEditable
from api.partners.vocabulary import AgreementStatus as S

D, P, A, E, T, W = S.draft, S.proposed, S.active, S.expired, S.terminated, S.withdrawn

# (from, action, to) for every allowed move; None: renew keeps this one's status.
ALLOWED = [
    (D, Action.propose, P),
    (D, Action.withdraw, W),
    (P, Action.activate, A),
    (P, Action.withdraw, W),
    (A, Action.terminate, T),
    (A, Action.renew, A),
    (E, Action.renew, E),
]
REFUSED = [
    (status, action)
    for status in S
    for action in Action
    if (status, action) not in {(s, a) for s, a, _ in ALLOWED}
]


@pytest.mark.parametrize(("status", "action", "target"), ALLOWED)
def test_allowed_transitions(status: S, action: Action, target: S) -> None:
    assert lifecycle.next_status(status, action) is target
    assert action in lifecycle.allowed_actions(status)


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_refused_transitions_name_what_is_allowed(status: S, action: Action) -> None:
    with pytest.raises(IllegalTransition) as refused:
        lifecycle.next_status(status, action)
    assert refused.value.allowed == lifecycle.allowed_actions(status)
    assert action not in refused.value.allowed
    message = str(refused.value)
    assert f"Cannot {action}" in message
    assert f"that is {status}" in message
    for allowed in refused.value.allowed:
        assert allowed in message


def test_every_pair_is_covered() -> None:
    assert len(ALLOWED) + len(REFUSED) == len(S) * len(Action)


@pytest.mark.parametrize(
    ("stored", "end", "expected"),
    [
        ("active", dt.date(2026, 6, 30), A),  # ends today: still in force
        ("active", dt.date(2026, 6, 29), E),  # ended yesterday
        ("active", dt.date(2026, 7, 1), A),
        ("terminated", dt.date(2026, 6, 29), T),  # only active agreements expire
        ("draft", dt.date(2020, 1, 1), D),
        ("proposed", dt.date(2020, 1, 1), P),
        ("withdrawn", dt.date(2020, 1, 1), W),
    ],
)
def test_expiry_follows_the_end_date(stored: str, end: dt.date, expected: S) -> None:
    assert lifecycle.effective_status(stored, end, dt.date(2026, 6, 30)) is expected


@pytest.mark.parametrize(
    ("status", "fields", "ok"),
    [
        (D, {"title", "services", "school_ids"}, True),
        (P, {"communication_plan", "document_url"}, True),
        (P, {"end_date"}, False),
        (A, {"communication_plan"}, True),
        (A, {"services", "communication_plan"}, False),
        (E, {"communication_plan"}, False),
        (T, {"document_url"}, False),
        (W, {"title"}, False),
    ],
)
def test_what_may_change_in_each_status(status: S, fields: set[str], ok: bool) -> None:
    if ok:
        lifecycle.check_editable(status, fields)
    else:
        with pytest.raises(NotEditable):
            lifecycle.check_editable(status, fields)


@pytest.mark.parametrize(("status", "deletable"), [(s, s is D) for s in S])
def test_only_drafts_are_deleted(status: S, deletable: bool) -> None:
    assert lifecycle.can_delete(status) is deletable


def test_activation_refused_once_the_end_date_has_passed() -> None:
    today = dt.date(2026, 6, 30)
    assert lifecycle.activation_refusal(dt.date(2026, 6, 30), today) is None
    assert "expired" in (lifecycle.activation_refusal(dt.date(2026, 6, 29), today) or "")


@pytest.mark.parametrize(
    ("start", "end", "new_start", "new_end", "expected"),
    [
        (
            dt.date(2025, 8, 1),
            dt.date(2026, 6, 30),
            None,
            None,
            (dt.date(2026, 7, 1), dt.date(2027, 5, 30)),
        ),
        (
            dt.date(2025, 8, 1),
            dt.date(2026, 6, 30),
            dt.date(2026, 8, 1),
            None,
            (dt.date(2026, 8, 1), dt.date(2027, 6, 30)),
        ),
        (
            dt.date(2025, 8, 1),
            dt.date(2026, 6, 30),
            None,
            dt.date(2028, 6, 30),
            (dt.date(2026, 7, 1), dt.date(2028, 6, 30)),
        ),
    ],
)
def test_renewal_dates(
    start: dt.date,
    end: dt.date,
    new_start: dt.date | None,
    new_end: dt.date | None,
    expected: tuple[dt.date, dt.date],
) -> None:
    assert lifecycle.renewal_dates(start, end, new_start, new_end) == expected
