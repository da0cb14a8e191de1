"""The mentoring area in the scope matrix: its operations, and the records it adds to each side.

Each module of the area adds its operations to MENTORING and, when it needs records
of its own on both sides, an extension to MENTORING_WORLD (see `scope_world.Extension`).
"""

from tests.auth.scope_expect import Ops
from tests.auth.scope_mentorimport import MENTORIMPORT, MENTORIMPORT_WORLD
from tests.auth.scope_world import Extension

MENTORING_WORLD: list[Extension] = []

MENTORING: Ops = {}
MENTORING_WORLD += MENTORIMPORT_WORLD
MENTORING |= MENTORIMPORT
