"""GET /metrics/mentoring against pandas and SciPy on a fixture with known answers."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.mentoring.schemas.impact import MentoringImpact
from tests.conftest import SignIn
from tests.directory.factories import make_district
from tests.mentoring import impact_expected as expected
from tests.mentoring.cadence_fixture import build_cadence_case
from tests.mentoring.impact_builder import ImpactWorld, ago
from tests.mentoring.impact_fixture import build_impact_world

METRICS = "/api/v1/metrics/mentoring"
TOLERANCE = 1e-9


def close(actual: float | None, wanted: float) -> bool:
    return actual is not None and abs(actual - wanted) <= TOLERANCE


def query(w: ImpactWorld, **more: Any) -> dict[str, Any]:
    start, end = w.period
    return {"from": start.isoformat(), "to": end.isoformat(), **more}


@pytest.fixture
async def world(session: AsyncSession) -> ImpactWorld:
    return await build_impact_world(session)


@pytest.fixture
async def body(client: httpx.AsyncClient, world: ImpactWorld) -> dict[str, Any]:
    response = await client.get(METRICS, params=query(world))
    assert response.status_code == 200, response.text
    MentoringImpact.model_validate(response.json())
    return dict(response.json())


async def test_participation_matches_pandas(world: ImpactWorld, body: dict[str, Any]) -> None:
    want = expected.participation(world, expected.frames(world))
    got = body["participation"]
    assert {k: got["enrolled"][k] for k in want["enrolled"]} == want["enrolled"]
    # The one who left before the period is not enrolled in it; the one who came back
    # and the mentee who also coaches are one person each across two participations.
    assert got["enrolled"]["people"] < got["enrolled"]["participations"]
    assert got["active_matches"]["n"] == want["matches"]
    assert close(got["check_ins_per_match_month"]["value"], want["rate"])
    assert close(got["cadence_adherence"]["value"], want["adherence"])
    assert 0 < got["cadence_adherence"]["value"] < 1, "the fixture holds both kinds"
    caseload = got["caseload"]
    assert caseload["n"] == want["caseload"]["n"]
    assert caseload["over_target"] == want["caseload"]["over_target"]
    for name in ("mean_caseload", "mean_target", "mean_ratio_to_target"):
        assert close(caseload[name], want["caseload"][name]), name
    assert "30.4375" in got["check_ins_per_match_month"]["method"]


async def test_satisfaction_means_and_response_rates(
    world: ImpactWorld, body: dict[str, Any]
) -> None:
    want = expected.satisfaction(world, expected.frames(world))
    items = {item["item_id"]: item for item in body["satisfaction"]["items"]}
    assert set(items) == {str(item_id) for item_id in want}
    shown = 0
    for item_id, figures in want.items():
        item = items[str(item_id)]
        assert item["mean"]["n"] == figures["n"]
        assert item["response_rate"]["n"] == figures["invited"]
        assert item["response_rate"]["responders"] == figures["responders"]
        if figures["n"] < 5:
            # The coaching pulse has three answers: withheld, with the reason.
            assert item["mean"]["value"] is None
            assert item["mean"]["withheld_reason"] == "n below 5"
            continue
        shown += 1
        assert close(item["mean"]["value"], figures["mean"])
        assert close(item["response_rate"]["value"], figures["responders"] / figures["invited"])
    assert shown >= 2
    assert any(item["mean"]["value"] is None for item in items.values())


def assert_paired(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got["n"] == want["n"]
    for name, value in want.items():
        if name != "n":
            assert close(got[name], value), (name, got[name], value)
    assert "ttest_rel" in got["method"]
    assert "t.interval" in got["method"]
    assert got["withheld_reason"] is None


async def test_growth_pairs_pre_and_post_of_mentees(
    world: ImpactWorld, body: dict[str, Any]
) -> None:
    want = expected.growth(world, expected.frames(world))
    surveys = {s["survey_id"]: s for s in body["growth"]["surveys"]}
    assert set(surveys) == {str(survey_id) for survey_id in want}
    for survey_id, figures in want.items():
        assert_paired(surveys[str(survey_id)]["change"], figures)
    # Missing posts, a post before the period and a mentor's own answers are left out.
    (survey,) = want.values()
    assert 5 <= survey["n"] < 26


async def test_performance_per_dimension_with_small_n_withheld(
    world: ImpactWorld, body: dict[str, Any]
) -> None:
    want = expected.performance(world, expected.frames(world))
    dimensions = {d["dimension"]: d["change"] for d in body["performance"]["dimensions"]}
    assert (
        set(dimensions)
        == set(want)
        == {
            "communication",
            "collaboration",
            "instructional_support",
        }
    )
    small = dimensions["instructional_support"]
    assert small["n"] == want["instructional_support"]["n"] < 5
    assert small["withheld_reason"] == "n below 5"
    assert all(small[k] is None for k in ("mean_change", "ci_low", "effect_size_dz", "p_value"))
    for name in ("communication", "collaboration"):
        assert_paired(dimensions[name], want[name])


async def test_retention_against_comparable_staff(world: ImpactWorld, body: dict[str, Any]) -> None:
    want = expected.retention(world, expected.frames(world))
    got = body["results"]["retention_12_months"]
    assert got["mentees"]["n"] == want["n"] >= 5
    assert got["mentees"]["count"] == want["kept"]
    assert got["comparison"]["n"] == want["comparison_n"] >= 5
    assert got["comparison"]["count"] == want["comparison_kept"]
    assert close(got["mentees"]["ci_low"], want["wilson"][0])
    assert close(got["mentees"]["ci_high"], want["wilson"][1])
    difference = got["difference"]
    assert close(difference["value"], want["difference"])
    assert close(difference["ci_low"], want["ci_low"])
    assert close(difference["ci_high"], want["ci_high"])
    assert "Newcombe" in difference["method"]


async def test_filters_narrow_the_participants(
    client: httpx.AsyncClient, world: ImpactWorld
) -> None:
    high = await client.get(METRICS, params=query(world, school_level="high"))
    assert high.status_code == 200, high.text
    everyone = await client.get(METRICS, params=query(world))
    narrowed = high.json()["participation"]["enrolled"]
    frames = expected.frames(world)
    start, end = world.period
    enrolled = expected.enrolled(frames, start, end)
    assert narrowed["participations"] == int((enrolled.school_level == "high").sum())
    assert (
        narrowed["participations"] < everyone.json()["participation"]["enrolled"]["participations"]
    )
    coaching = await client.get(
        METRICS, params=query(world, program_id=str(world.coaching.id), role="principal")
    )
    got = coaching.json()["participation"]["enrolled"]
    assert got["mentors"] == 0
    assert got["mentees"] == int(
        ((enrolled.program_id == world.coaching.id) & (enrolled.staff_role == "principal")).sum()
    )


async def test_a_tiny_programme_withholds_every_figure(
    client: httpx.AsyncClient, world: ImpactWorld
) -> None:
    body = (await client.get(METRICS, params=query(world, role="senior_director"))).json()
    participation = body["participation"]
    assert participation["enrolled"]["mentors"] == 3
    assert participation["active_matches"]["n"] == 0
    assert participation["cadence_adherence"]["value"] is None
    assert participation["cadence_adherence"]["withheld_reason"] == "n below 5"
    assert participation["caseload"]["mean_caseload"] is None
    assert body["growth"]["surveys"] == []
    assert body["results"]["retention_12_months"]["difference"]["value"] is None


async def test_callers_see_only_the_programmes_they_reach(
    sign_in: SignIn, session: AsyncSession, world: ImpactWorld
) -> None:
    start, end = world.period
    enrolled = expected.enrolled(expected.frames(world), start, end)
    elsewhere = await make_district(session, state="NV")
    # District A runs both programmes; district B's school has mentees of the mentoring
    # programme only, so its manager sees that programme whole; district C sees none.
    for district, programs in (
        (world.district, {world.mentoring.id, world.coaching.id}),
        (world.other_district, {world.mentoring.id}),
        (elsewhere, set()),
    ):
        caller = await sign_in(Role.district_manager, district_ids=[district.id])
        body = (await caller.get(METRICS, params=query(world))).json()
        figures = body["participation"]["enrolled"]
        assert figures["participations"] == int(enrolled.program_id.isin(programs).sum())
        if not programs:
            assert body["satisfaction"]["items"] == []
            assert body["performance"]["dimensions"] == []
            assert body["results"]["retention_12_months"]["mentees"]["n"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": ago(10).isoformat(), "to": ago(20).isoformat()}, "from"),
        ({"to": "2026-13-01"}, "to"),
    ],
)
async def test_a_bad_period_is_a_problem_naming_the_field(
    client: httpx.AsyncClient, params: dict[str, str], field: str
) -> None:
    response = await client.get(METRICS, params=params)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


async def test_a_period_at_the_calendars_start_still_answers(client: httpx.AsyncClient) -> None:
    response = await client.get(METRICS, params={"to": "0001-01-02"})
    assert response.status_code == 200, response.text
    assert response.json()["period"] == {"from": "0001-01-01", "to": "0001-01-02"}
    assert response.json()["results"]["retention_12_months"]["cohort_from"] == "0001-01-01"


async def test_cadence_adherence_at_its_edges(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Over the last 100 days, cadence 14: (1) every 14 days, ending 2 days ago: adheres;
    (2) one gap of 15: does not; (3) started 10 days ago, none yet: adheres; (4) started
    20 days ago, none: does not; (5) ended 50 days ago, gaps 10, 14, 14, 12: adheres;
    (6) weekly, then silent for the last 23 days: does not; (7) every 10 days at an
    intensive-tier school (cadence 7): does not."""
    program, held = await build_cadence_case(session)
    response = await client.get(
        METRICS, params={"from": ago(100).isoformat(), "program_id": str(program.id)}
    )
    participation = response.json()["participation"]
    assert participation["active_matches"]["n"] == 7
    assert participation["cadence_adherence"]["adherent"] == 3
    assert close(participation["cadence_adherence"]["value"], 3 / 7)
    window_days = 101 + 101 + 11 + 21 + 51 + 101 + 101
    rate = participation["check_ins_per_match_month"]
    assert rate["check_ins"] == sum(len(dates) for dates in held)
    assert close(rate["value"], rate["check_ins"] / (window_days / 30.4375))
    caseload = participation["caseload"]
    assert (caseload["n"], caseload["withheld_reason"]) == (1, "n below 5")


async def test_a_programme_without_a_caseload_target_still_answers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    program, _ = await build_cadence_case(session)
    program.target_caseload = 0
    await session.flush()
    response = await client.get(METRICS, params={"program_id": str(program.id)})
    assert response.status_code == 200, response.text
    assert response.json()["participation"]["caseload"]["n"] == 1
