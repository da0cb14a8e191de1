"""Who reaches which alignments, as SQL conditions: those joining a goal and an agreement
the caller both sees, so an alignment never shows a partner's agreement to someone who may
not see it (a partner reads its own alignments, not another partner's on the same goal)."""

from sqlalchemy import ColumnElement, and_, select, true

from api.access.goals import goals_visible
from api.access.partners import agreements_visible
from api.core.scope import Scope
from api.goals.models import Alignment, Goal
from api.partners.models import Agreement


def alignments_visible(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    return and_(
        Alignment.goal_id.in_(select(Goal.id).where(goals_visible(scope))),
        Alignment.agreement_id.in_(select(Agreement.id).where(agreements_visible(scope))),
    )
