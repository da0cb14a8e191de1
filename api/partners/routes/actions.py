"""Lifecycle actions: draft -> proposed -> active -> (expired), terminated, withdrawn."""

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from api.auth.deps import WriteScope
from api.core.db import utcnow
from api.core.route_kinds import writes
from api.core.routes import created_response, if_match
from api.core.transactions import Session, TransactionalRoute
from api.partners.lifecycle import Action
from api.partners.routes.params import RESPONSES_WRITE, derived_response
from api.partners.schemas import (
    ActivateRequest,
    AgreementRead,
    RenewRequest,
    TerminateRequest,
    WithdrawRequest,
)
from api.partners.service import actions as service
from api.partners.service import agreements

router = APIRouter(prefix="/agreements/{agreement_id:uuid}", route_class=TransactionalRoute)
RESPONSES: dict[int | str, dict[str, Any]] = RESPONSES_WRITE | {
    409: {
        "description": "Not allowed from the current status; the problem's "
        "`current_status` says what it is now."
    }
}
ACTIONS = writes(RESPONSES)


class AgreementTransition:
    """The agreement a lifecycle action moves, loaded for writing; the action answers with
    the agreement as it then reads."""

    def __init__(
        self, request: Request, session: Session, scope: WriteScope, agreement_id: uuid.UUID
    ) -> None:
        self.request, self.session = request, session
        self.scope, self.agreement_id = scope, agreement_id

    async def __call__(self, action: Action, body: service.ActionBody) -> Response:
        today = dt.date.today()
        agreement = await agreements.get_writable_agreement(
            self.session, self.scope, self.agreement_id
        )
        await service.transition(
            self.session, if_match(self.request, agreement), action, body, today, utcnow()
        )
        read = await agreements.read_agreement(self.session, self.scope, self.agreement_id, today)
        return derived_response(self.request, read)


Transition = Annotated[AgreementTransition, Depends()]


@router.post("/propose", response_model=AgreementRead, **ACTIONS.change)
async def propose_agreement(transition: Transition) -> Response:
    """Send a draft to the other side: draft -> proposed. Its terms are then frozen."""
    return await transition(Action.propose, None)


@router.post("/activate", response_model=AgreementRead, **ACTIONS.change)
async def activate_agreement(
    transition: Transition, body: ActivateRequest | None = None
) -> Response:
    """Both sides signed: proposed -> active. It reads as `expired` after its end date."""
    return await transition(Action.activate, body)


@router.post("/terminate", response_model=AgreementRead, **ACTIONS.change)
async def terminate_agreement(transition: Transition, body: TerminateRequest) -> Response:
    """End an active agreement early, with a reason: active -> terminated."""
    return await transition(Action.terminate, body)


@router.post("/withdraw", response_model=AgreementRead, **ACTIONS.change)
async def withdraw_agreement(
    transition: Transition, body: WithdrawRequest | None = None
) -> Response:
    """Abandon a draft or a proposal: draft | proposed -> withdrawn."""
    return await transition(Action.withdraw, body)


@router.post("/renew", status_code=201, response_model=AgreementRead, **ACTIONS.change)
async def renew_agreement(
    request: Request,
    session: Session,
    scope: WriteScope,
    agreement_id: uuid.UUID,
    body: RenewRequest | None = None,
) -> Response:
    """Draft the next term of an active or expired agreement, linked by `renews_id`.

    Schools, services and the communication plan are copied (contacts who have
    left are dropped); dates default to the day after this one ends, for as long.
    """
    today = dt.date.today()
    agreement = if_match(
        request, await agreements.get_writable_agreement(session, scope, agreement_id)
    )
    renewal = await service.renew(session, scope, agreement, body or RenewRequest(), today)
    read = await agreements.read_agreement(session, scope, renewal.id, today)
    return created_response(request, read, "get_agreement", composite=True, agreement_id=renewal.id)
