"""The goals area in the scope matrix: its operations, and the records it adds to each side.

Each module of the area adds its operations to GOALS and, when it needs records of
its own on both sides, an extension to GOALS_WORLD (see `scope_world.Extension`).
"""

from tests.auth.scope_expect import Ops
from tests.auth.scope_feed import FEED
from tests.auth.scope_world import Extension

GOALS_WORLD: list[Extension] = []

GOALS: Ops = {} | FEED
