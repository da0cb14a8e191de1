"""Every area's records in the scope matrix's world, in the order they are built."""

from tests.auth.scope_goals import GOALS_WORLD
from tests.auth.scope_mentoring import MENTORING_WORLD
from tests.auth.scope_world import Extension

EXTENSIONS: list[Extension] = [*GOALS_WORLD, *MENTORING_WORLD]
