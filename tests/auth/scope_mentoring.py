"""The mentoring area in the scope matrix: its operations, and the records it adds to each side.

Each module of the area adds its operations to MENTORING and, when it needs records
of its own on both sides, an extension to MENTORING_WORLD (see `scope_world.Extension`).
"""

from tests.auth.scope_expect import Ops
from tests.auth.scope_mentorfeedback import MENTOR_FEEDBACK, feedback_records
from tests.auth.scope_mentorimpact import IMPACT, impact_records
from tests.auth.scope_world import Extension

MENTORING_WORLD: list[Extension] = []

MENTORING: Ops = {}

from tests.auth.scope_mentorcore import MENTORCORE, mentoring_core  # noqa: E402

MENTORING_WORLD.append(mentoring_core)
MENTORING.update(MENTORCORE)
MENTORING_WORLD.append(feedback_records)
MENTORING.update(MENTOR_FEEDBACK)
from tests.auth import scope_mentormatch  # noqa: E402

MENTORING_WORLD.append(scope_mentormatch.records)
MENTORING.update(scope_mentormatch.OPERATIONS)
MENTORING_WORLD.append(impact_records)
MENTORING.update(IMPACT)
