"""The demo district's goals for the current school year: some with readings on and off
track, most backed by an aligned agreement, a few gaps, so coverage, suggestions and
the school summary have something to show on first run."""

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import create_record
from api.directory.models import District, School
from api.goals.models import Alignment, Goal, Measurement
from api.goals.progress import SmartFields, expected_on
from api.goals.vocabulary import school_year_of, school_year_start
from api.partners.models import Agreement, AgreementSchool, AgreementService, Partner


@dataclass(frozen=True)
class GoalPlan:
    title: str
    area: str
    metric: str
    unit: str
    baseline: float
    target: float
    ask: str
    services: tuple[str, ...]


PLANS = (
    GoalPlan(
        "Grade 3 reading at grade level",
        "ela",
        "Students at or above benchmark (spring screener)",
        "%",
        48,
        60,
        "Volunteer reading buddies twice a week for grades 2-3.",
        ("tutoring",),
    ),
    GoalPlan(
        "Math proficiency",
        "math",
        "Students meeting standard on the interim assessment",
        "%",
        41,
        50,
        "Small-group math tutoring after school.",
        ("tutoring", "after_school"),
    ),
    GoalPlan(
        "Reduce chronic absence",
        "attendance",
        "Students chronically absent",
        "%",
        22,
        15,
        "Mentors who check in with students missing school.",
        ("mentoring", "family_engagement"),
    ),
    GoalPlan(
        "Student belonging",
        "sel_wellbeing",
        "Students reporting an adult they trust (climate survey)",
        "%",
        63,
        75,
        "Counselling groups and mentoring for students who need them.",
        ("mental_health", "mentoring"),
    ),
    GoalPlan(
        "Families at school events",
        "family_engagement",
        "Families attending at least one event",
        "%",
        35,
        50,
        "Evening family workshops with interpreters.",
        ("family_engagement",),
    ),
    GoalPlan(
        "College and career visits",
        "college_career",
        "Seniors with a completed FAFSA",
        "%",
        55,
        70,
        "Volunteers for FAFSA nights and campus visits.",
        ("college_career",),
    ),
)
PARTNERS = (
    ("Riverbend Reads", "nonprofit", ("tutoring",)),
    ("Bright Futures Mentoring", "nonprofit", ("mentoring",)),
    ("Valley Family Health", "health_provider", ("health", "mental_health")),
    ("Riverbend Community College", "community_college", ("college_career", "tutoring")),
    ("Parents United", "parent_group", ("family_engagement",)),
)


def _schools_place(agreement: Agreement) -> dict[str, Any]:
    return {"district_id": agreement.district_id, "partner_id": agreement.partner_id}


async def _agreement(
    session: AsyncSession,
    partner: Partner,
    district: District,
    schools: list[School],
    category: str,
    today: dt.date,
) -> Agreement:
    agreement = await create_record(
        session,
        Agreement(
            partner_id=partner.id,
            district_id=district.id,
            district_wide=False,
            title=f"{partner.name} at {len(schools)} schools",
            status="active",
            start_date=school_year_start(school_year_of(today)),
            end_date=school_year_start(school_year_of(today)).replace(year=today.year + 2),
            students_target=25 * len(schools),
            channels=[],
        ),
        "agreements",
        _schools_place,
    )
    session.add_all(AgreementSchool(agreement_id=agreement.id, school_id=s.id) for s in schools)
    session.add(
        AgreementService(
            agreement_id=agreement.id,
            position=0,
            category=category,
            grade_levels=[],
            target_students=25 * len(schools),
        )
    )
    await session.flush()
    return agreement


async def _offers_of_agreements(
    session: AsyncSession, district: District, schools: list[School]
) -> dict[str, list[tuple[Agreement, set[Any]]]]:
    """The district's active agreements, by the categories their services and partners
    offer, with the schools each serves (every school, for a district-wide one)."""
    offers: dict[str, list[tuple[Agreement, set[Any]]]] = {}
    agreements = await session.scalars(
        select(Agreement).where(Agreement.district_id == district.id, Agreement.status == "active")
    )
    for agreement in agreements:
        served = set(
            await session.scalars(
                select(AgreementSchool.school_id).where(
                    AgreementSchool.agreement_id == agreement.id
                )
            )
        )
        if agreement.district_wide:
            served = {school.id for school in schools}
        categories = set(
            await session.scalars(
                select(AgreementService.category).where(
                    AgreementService.agreement_id == agreement.id
                )
            )
        )
        partner = await session.get(Partner, agreement.partner_id)
        categories |= set(partner.focus_areas if partner else [])
        for category in categories:
            offers.setdefault(category, []).append((agreement, served))
    return offers


async def _partners_at(
    session: AsyncSession,
    district: District,
    schools: list[School],
    rng: random.Random,
    today: dt.date,
) -> dict[str, list[tuple[Agreement, set[Any]]]]:
    """Each demo partner's agreement, by the categories it offers, with the schools it serves."""
    offers: dict[str, list[tuple[Agreement, set[Any]]]] = {}
    for name, kind, focus in PARTNERS:
        partner = await create_record(
            session,
            Partner(name=name, kind=kind, focus_areas=list(focus), status="active"),
            "partners",
            lambda p: {"partner_id": p.id},
        )
        served = rng.sample(schools, k=max(3, len(schools) // 3))
        agreement = await _agreement(session, partner, district, served, focus[0], today)
        for category in focus:
            offers.setdefault(category, []).append((agreement, {s.id for s in served}))
    return offers


def _reading(plan: GoalPlan, start: dt.date, end: dt.date, day: dt.date, on_track: bool) -> float:
    """A reading ahead of the straight line to the target on that day, or behind it."""
    smart = SmartFields("increase", plan.baseline, start, plan.target, end)
    expected = expected_on(smart, day) or plan.baseline
    step = abs(plan.target - plan.baseline) * 0.15
    ahead = step if plan.target > plan.baseline else -step
    return round(expected + (ahead if on_track else -ahead), 1)


async def seed_demo_goals(
    session: AsyncSession, district: District, rng: random.Random, today: dt.date
) -> int:
    """Two to four goals per school of the district; returns how many."""
    schools = list(await session.scalars(select(School).where(School.district_id == district.id)))
    offers = await _offers_of_agreements(session, district, schools) or await _partners_at(
        session, district, schools, rng, today
    )
    year = school_year_of(today)
    start = school_year_start(year)
    end = start.replace(year=start.year + 1) - dt.timedelta(days=31)
    made = 0
    for school in schools:
        plans = rng.sample(PLANS, k=rng.randint(2, 4))
        for priority, plan in enumerate(plans, start=1):
            measured = rng.random() < 0.6
            reading_day = max(start, today - dt.timedelta(days=14)) if measured else None
            value = (
                _reading(plan, start, end, reading_day, rng.random() < 0.6)
                if reading_day is not None
                else None
            )
            goal = await create_record(
                session,
                Goal(
                    district_id=district.id,
                    school_id=school.id,
                    school_year=year,
                    title=plan.title,
                    area=plan.area,
                    priority=priority,
                    metric=plan.metric,
                    unit=plan.unit,
                    baseline_value=plan.baseline,
                    baseline_date=start,
                    target_value=plan.target,
                    target_date=end,
                    direction="increase" if plan.target > plan.baseline else "decrease",
                    status="draft" if priority == 4 else "active",
                    partner_ask=plan.ask,
                    asked_services=list(plan.services),
                    latest_value=value,
                    last_measured_on=reading_day,
                ),
                "goals",
                lambda g: {"district_id": g.district_id, "school_id": g.school_id},
            )
            made += 1
            if reading_day is not None and value is not None:
                session.add(
                    Measurement(
                        goal_id=goal.id, measured_on=reading_day, value=value, source="demo"
                    )
                )
            for agreement in _serving(offers, plan, school)[:1]:
                await _align(session, goal, agreement, plan)
    await session.flush()
    return made


def _serving(
    offers: dict[str, list[tuple[Agreement, set[Any]]]], plan: GoalPlan, school: School
) -> list[Agreement]:
    return [
        agreement
        for category in plan.services
        for agreement, served in offers.get(category, [])
        if school.id in served
    ]


async def _align(session: AsyncSession, goal: Goal, agreement: Agreement, plan: GoalPlan) -> None:
    place = {"district_id": goal.district_id, "school_id": goal.school_id}
    alignment = Alignment(
        goal_id=goal.id,
        agreement_id=agreement.id,
        strength="primary",
        contribution=plan.ask.split(".")[0] + ".",
    )
    await create_record(session, alignment, "alignments", lambda _: place)
