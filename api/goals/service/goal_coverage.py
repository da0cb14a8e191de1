"""When an agreement counts for a goal: in force (stored `active`, not past its end date)
and aligned to it."""

import datetime as dt

from sqlalchemy import ColumnElement, case, exists, select

from api.goals.models import Alignment, Goal
from api.partners.models import Agreement


def in_force(today: dt.date) -> ColumnElement[bool]:
    """`health.live` (with `date.min`: stored status `active`), written so that no index on the agreements' status and end date
    can drive the lookup: per goal, its few alignments lead to their agreements, where
    SQLite would otherwise walk every live agreement for each goal."""
    return case((Agreement.status == "active", Agreement.end_date), else_=None) >= today


def covered(today: dt.date) -> ColumnElement[bool]:
    """The goal has an active aligned agreement."""
    return exists(
        select(Alignment.goal_id)
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .where(Alignment.goal_id == Goal.id, in_force(today))
    )
