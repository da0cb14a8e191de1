"""Lifecycle actions on an agreement: each one checked against the state machine,
written as one versioned update with one event."""

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import update_record
from api.core.errors import Conflict, Unprocessable
from api.core.scope import Scope
from api.partners import lifecycle
from api.partners.lifecycle import Action
from api.partners.models import Agreement
from api.partners.schemas import (
    ActivateRequest,
    AgreementCreate,
    RenewRequest,
    TerminateRequest,
    WithdrawRequest,
)
from api.partners.service import agreement_edits, agreements
from api.partners.service.checks import contact_errors
from api.partners.vocabulary import AgreementStatus

ActionBody = ActivateRequest | TerminateRequest | WithdrawRequest | None


def _next_status(agreement: Agreement, action: Action, today: dt.date) -> AgreementStatus:
    status = agreements.status_of(agreement, today)
    try:
        return lifecycle.next_status(status, action)
    except lifecycle.IllegalTransition as illegal:
        raise Conflict(
            str(illegal), current_status=status, allowed_actions=illegal.allowed
        ) from illegal


async def _place(session: AsyncSession, agreement: Agreement) -> Any:
    place = await agreements.place_of(session, agreement)
    return lambda _record: place


async def transition(
    session: AsyncSession,
    agreement: Agreement,
    action: Action,
    body: ActionBody,
    today: dt.date,
    now: dt.datetime,
) -> Agreement:
    """propose, activate, terminate or withdraw; 409 (naming what is allowed) when illegal."""
    target = _next_status(agreement, action, today)
    changes: dict[str, Any] = {"status": target.value, "status_changed_at": now}
    if action is Action.activate:
        refusal = lifecycle.activation_refusal(agreement.end_date, today)
        if refusal:
            raise Conflict(refusal, current_status=agreements.status_of(agreement, today))
        signed = (body.signed_date if isinstance(body, ActivateRequest) else None) or (
            agreement.signed_date or today
        )
        if signed > today:
            raise Unprocessable(
                "signed_date cannot be in the future.",
                errors=[{"loc": ["body", "signed_date"], "msg": "in the future", "type": "date"}],
            )
        changes["signed_date"] = signed
    elif action is Action.terminate:
        assert isinstance(body, TerminateRequest)
        changes |= {"status_reason": body.reason, "terminated_on": today}
    elif action is Action.withdraw:
        changes["status_reason"] = body.reason if isinstance(body, WithdrawRequest) else None
    await update_record(
        session, agreement, changes, agreements.RESOURCE, await _place(session, agreement)
    )
    return agreement


async def renew(
    session: AsyncSession,
    scope: Scope,
    agreement: Agreement,
    body: RenewRequest,
    today: dt.date,
) -> Agreement:
    """Create the next term as a draft, linked to this one, with its services and plan."""
    _next_status(agreement, Action.renew, today)
    existing = await session.scalar(
        select(Agreement.id).where(
            Agreement.renews_id == agreement.id, Agreement.status != "withdrawn"
        )
    )
    if existing is not None:
        raise Conflict(
            f"This agreement is already renewed by {existing}; withdraw that draft to renew again.",
            renewed_by_id=str(existing),
        )
    try:
        start, end = lifecycle.renewal_dates(
            agreement.start_date, agreement.end_date, body.start_date, body.end_date
        )
    except lifecycle.RenewalOutOfCalendar as refused:
        if body.start_date is None:
            raise Conflict(
                str(refused), current_status=agreements.status_of(agreement, today)
            ) from refused
        raise Unprocessable(
            str(refused),
            errors=[{"loc": ["body", "end_date"], "msg": str(refused), "type": "date"}],
        ) from refused
    current = await agreement_edits.as_input(session, agreement)
    data = AgreementCreate.model_validate(
        current
        | {
            "title": body.title or agreement.title,
            "reference_code": body.reference_code,
            "start_date": start,
            "end_date": end,
            "signed_date": None,
            "document_url": None,
            # Services carry over; money and hours are committed afresh for each term.
            "services": [
                {k: v for k, v in service.items() if k != "id"} for service in current["services"]
            ],
            "resources": [],
        }
    )
    # Contacts who left since the last term are dropped rather than failing the renewal.
    departed = await contact_errors(session, data, today)
    if departed:
        plan = data.communication_plan.model_copy(update=dict.fromkeys(departed))
        data = data.model_copy(update={"communication_plan": plan})
    return await agreement_edits.create_agreement(session, scope, data, today, renews=agreement)
