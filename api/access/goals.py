"""Who reaches which goals, as SQL conditions.

- Administrators reach everything.
- District managers read and change their districts' goals, school and
  district-wide alike.
- Coordinators read and change their schools' goals, and read the district-wide
  goals of their schools' districts (the frame their schools' goals sit in).
- A partner organisation reads the goals its agreements are aligned to, and
  changes none.
Measurements and alignments follow their goal.
"""

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from api.core.scope import Scope
from api.directory.models import School
from api.goals.models import Alignment, Goal
from api.partners.models import Agreement


def _aligned_to_partners(scope: Scope) -> ColumnElement[bool]:
    return Goal.id.in_(
        select(Alignment.goal_id)
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .where(Agreement.partner_id.in_(scope.partner_ids))
    )


def goals_visible(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids:
        conditions.append(Goal.district_id.in_(scope.district_ids))
    if scope.school_ids:
        conditions.append(Goal.school_id.in_(scope.school_ids))
        conditions.append(
            and_(
                Goal.school_id.is_(None),
                Goal.district_id.in_(
                    select(School.district_id).where(School.id.in_(scope.school_ids))
                ),
            )
        )
    if scope.partner_ids:
        conditions.append(_aligned_to_partners(scope))
    return or_(*conditions) if conditions else false()


def goals_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    if scope.read_only:
        return false()
    conditions: list[ColumnElement[bool]] = []
    if scope.district_ids:
        conditions.append(Goal.district_id.in_(scope.district_ids))
    if scope.school_ids:
        conditions.append(Goal.school_id.in_(scope.school_ids))
    return or_(*conditions) if conditions else false()


def may_set_goals(scope: Scope) -> bool:
    """Partners and viewers read goals; school and district staff set them."""
    return scope.everything or (
        not scope.read_only and bool(scope.district_ids or scope.school_ids)
    )
