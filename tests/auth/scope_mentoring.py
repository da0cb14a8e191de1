"""The mentoring area in the scope matrix: its operations, and the records it adds to each side.

Each module of the area lists its operations and, when it needs records of its own on
both sides, an extension (see `scope_world.Extension`); this module gathers them.
"""

from tests.auth import scope_mentorcore, scope_mentorfeedback, scope_mentorimpact, scope_mentormatch
from tests.auth.scope_expect import Ops
from tests.auth.scope_mentorimport import MENTORIMPORT, MENTORIMPORT_WORLD
from tests.auth.scope_world import Extension

MENTORING_WORLD: list[Extension] = [
    scope_mentorcore.mentoring_core,
    scope_mentorfeedback.feedback_records,
    scope_mentormatch.records,
    scope_mentorimpact.impact_records,
    *MENTORIMPORT_WORLD,
]

MENTORING: Ops = (
    scope_mentorcore.MENTORCORE
    | scope_mentorfeedback.MENTOR_FEEDBACK
    | scope_mentormatch.OPERATIONS
    | scope_mentorimpact.IMPACT
    | MENTORIMPORT
)
