"""The goals area's derived views in the scope matrix: coverage, the school summary and
the school-year rollover, over a covered goal and a gap on each side."""

from typing import Any

from api.goals.models import Alignment
from tests.auth.scope_expect import Ops, own_reads, writes
from tests.auth.scope_world import Side
from tests.goals.derived_factories import YEAR, new_goal


def derived_records(side: Side) -> tuple[dict[str, Any], list[list[Any]]]:
    covered = new_goal(side.district, side.school, title="Covered goal")
    gap = new_goal(side.district, side.school, title="Gap goal", asked_services=["tutoring"])
    alignment = Alignment(goal_id=covered.id, agreement_id=side.agreement.id)
    records = {"derived_covered_goal": covered, "derived_gap_goal": gap}
    return records, [[covered, gap], [alignment]]


def _school(w: Any, inside: bool) -> str:
    return str(w.pick("school", inside).id)


def _district(w: Any, inside: bool) -> str:
    return str(w.pick("district", inside).id)


DERIVED: Ops = {
    "getAlignmentMetrics": (
        lambda w, i: (
            "GET",
            f"/metrics/alignment?school_year={YEAR}&school_id={_school(w, i)}",
            None,
        ),
        own_reads(),
    ),
    "getSchoolSummary": (
        lambda w, i: ("GET", f"/schools/{_school(w, i)}/summary?school_year={YEAR}", None),
        own_reads(),
    ),
    "rollOverSchoolGoals": (
        lambda w, i: ("POST", f"/schools/{_school(w, i)}/rollover?school_year={YEAR}", None),
        writes(200),
    ),
    "rollOverDistrictGoals": (
        lambda w, i: ("POST", f"/districts/{_district(w, i)}/rollover?school_year={YEAR}", None),
        writes(200),
    ),
}
