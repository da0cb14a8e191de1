"""The match-history import and its metrics in the scope matrix.

Each side gets a programme run by its district with a support tier at its school, so
the school's coordinator runs it too. An import with no body is a 422 once the caller
is through the scope checks: inside that shows the caller may import, outside a 404
(or a viewer's 403) shows they may not.
"""

import datetime as dt
from typing import Any

from api.core.records import new_id
from api.mentoring.models import Program, ProgramSchool
from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Ops, lists
from tests.auth.scope_world import Extension, Side, World

NAME = "import_program"


def import_program(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    program = Program(
        id=new_id(),
        name=f"History {side.district.state}",
        kind="mentoring",
        start_date=dt.date(2017, 1, 1),
        district_id=side.district.id,
    )
    tier = ProgramSchool(program_id=program.id, school_id=side.school.id, tier="universal")
    return {NAME: program}, [[program], [tier]]


def _import(w: World, i: bool) -> tuple[str, str, Any]:
    return ("POST", f"/mentoring/programs/{w.pick(NAME, i).id}/matches/import", None)


MENTORIMPORT_WORLD: list[Extension] = [import_program]
MENTORIMPORT: Ops = {
    "importProgramMatches": (
        _import,
        {ADMIN: (422, 422), DM: (422, 404), CO: (422, 404), PA: (404, 404), VI: (403, 403)},
    ),
    "getMatchHistoryMetrics": (
        lambda w, i: ("GET", f"/metrics/mentoring/matches?program_id={w.pick(NAME, i).id}", None),
        lists(),
    ),
}
