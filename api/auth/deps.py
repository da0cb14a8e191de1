"""Who is calling and what they may reach.

Sign-in lands with the auth issue; until then every caller acts with full scope
as `anonymous`, and these aliases are the single place that will change.
"""

from typing import Annotated

from fastapi import Depends, Request

from api.core.events import set_actor
from api.core.scope import EVERYTHING, Scope
from api.core.transactions import get_session


def current_scope(request: Request) -> Scope:
    request.state.actor = "anonymous"
    set_actor(get_session(request), "anonymous")
    return EVERYTHING


def current_actor(request: Request, scope: "CallerScope") -> str:
    return str(request.state.actor)


CallerScope = Annotated[Scope, Depends(current_scope)]
Actor = Annotated[str, Depends(current_actor)]
