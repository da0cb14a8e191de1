"""Who may record readings, and the standard answers of the measurement routes."""

from typing import Annotated, Any

from fastapi import Depends

from api.access.goals import may_set_goals
from api.auth.deps import CurrentPrincipal
from api.core.errors import Forbidden
from api.core.openapi import answers
from api.core.route_kinds import writes
from api.core.scope import Scope


@answers(403)
async def goal_setter(principal: CurrentPrincipal) -> Scope:
    """School and district staff record readings; partners and viewers read them."""
    if not may_set_goals(principal.scope):
        raise Forbidden("Your role can read goals and their readings but not change them.")
    return principal.scope


GoalSetterScope = Annotated[Scope, Depends(goal_setter)]

RESPONSES_WRITE: dict[int | str, dict[str, Any]] = {
    403: {"description": "Your role, or this goal, lets you read readings but not change them."},
    404: {"description": "No such goal or reading in your scope."},
    409: {
        "description": "The goal is dropped, or it already has a reading on that date "
        "from that source."
    },
}
WRITES = writes(RESPONSES_WRITE)
RESPONSES_IMPORT: dict[int | str, dict[str, Any]] = {
    403: {"description": "Your role may not record readings."},
    415: {"description": "The body is not CSV: send `Content-Type: text/csv`."},
    422: {
        "description": "The file lacks a mapped column or is not UTF-8, or (with "
        "`atomic=true`) some lines are bad: `errors` lists every one, and nothing was written."
    },
}
