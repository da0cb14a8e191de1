"""The goals area in the scope matrix: its operations, and the records it adds to each side.

Each module of the area lists its operations and, when it needs records of its own on
both sides, an extension (see `scope_world.Extension`); this module gathers them.
"""

from tests.auth import scope_goalscrud, scope_goalsderived, scope_goalsmeas
from tests.auth.scope_expect import Ops
from tests.auth.scope_world import Extension

GOALS_WORLD: list[Extension] = [
    scope_goalscrud.goal_and_alignment,
    scope_goalsmeas.extension,
    scope_goalsderived.derived_records,
]

GOALS: Ops = scope_goalscrud.GOALSCRUD | scope_goalsmeas.OPERATIONS | scope_goalsderived.DERIVED
