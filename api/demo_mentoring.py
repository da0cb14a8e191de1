"""The demo district's mentoring and coaching, so every level of the impact metrics has
figures to show on first run.

A coaching programme: senior directors coach the principals, about five each, and each
school has a support tier that sets its cadence. A mentoring programme: experienced
teachers mentor newer ones. Both have check-ins over the past two years, a satisfaction
survey, a pre/post self-assessment and pre/post reviews; some staff have moved on, so
12-month retention has something to compare.
"""

import datetime as dt
import random
import uuid
from typing import Any

from faker import Faker
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import create_record, update_record
from api.core.records import new_id
from api.demo_mentoring_records import MentoringSeed
from api.directory.models import Person, RoleAssignment, School
from api.directory.service.person_places import announce_at_new_place
from api.directory.vocabulary import StaffRole
from api.mentoring.models import (
    Match,
    Participant,
    Program,
    ProgramSchool,
    Review,
    SurveyResponse,
)
from api.mentoring.service.answer_totals import keep_answer_totals
from api.mentoring.service.check_in_summary import refresh_summaries
from api.mentoring.service.outcome_totals import refresh_answer_totals, refresh_score_totals
from api.mentoring.vocabulary import TIER_DEFAULTS, OutcomeLevel, SupportTier

COACHEES_PER_COACH = 5
MENTORS, MENTEES = 16, 48
SATISFACTION_ITEMS = [
    "My mentor or coach understood my context.",
    "Our meetings were a good use of my time.",
    "I would recommend this programme to a colleague.",
]
GROWTH_ITEMS = [
    "I set clear goals for my work with partners.",
    "I use data to plan support for students.",
    "I communicate well with families and partners.",
    "I manage my time and priorities well.",
]
NEEDS = {
    SupportTier.intensive: ["persistently_low_performance", "hardship"],
    SupportTier.targeted: ["high_need_community"],
    SupportTier.universal: [],
}


async def _staff(session: AsyncSession, district_id: uuid.UUID, role: StaffRole) -> list[Any]:
    rows = await session.execute(
        select(RoleAssignment, School)
        .join(School, School.id == RoleAssignment.school_id)
        .where(School.district_id == district_id, RoleAssignment.role == role.value)
        .order_by(School.name, RoleAssignment.id)
    )
    return list(rows.all())


async def _senior_directors(
    session: AsyncSession, district_id: uuid.UUID, count: int, fake: Faker, today: dt.date
) -> list[uuid.UUID]:
    place = {"district_id": district_id, "school_id": None}
    made = []
    for _ in range(count):
        given, family = fake.first_name(), fake.last_name()
        person = await create_record(
            session,
            Person(
                given_name=given,
                family_name=family,
                email=f"{given}.{family}.coach@riverbend.example.org".lower(),
                social_handles={},
            ),
            "people",
        )
        role = RoleAssignment(
            person_id=person.id,
            role=StaffRole.senior_director.value,
            title="Senior Director, School Leadership",
            subjects=[],
            grade_levels=[],
            start_date=today - dt.timedelta(days=1500),
            is_primary=True,
            **place,
        )
        await announce_at_new_place(session, role)
        await create_record(session, role, "role_assignments", lambda a: place)
        made.append(person.id)
    return made


async def _program(
    session: AsyncSession, district_id: uuid.UUID, today: dt.date, **kw: Any
) -> Program:
    program = Program(
        id=new_id(),
        district_id=district_id,
        start_date=today - dt.timedelta(days=800),
        status="active",
        **kw,
    )
    session.add(program)
    await session.flush()
    return program


async def _coaching(
    seed: MentoringSeed, district_id: uuid.UUID, fake: Faker
) -> tuple[Program, list[Participant]]:
    session, rng = seed.session, seed.rng
    principals = await _staff(session, district_id, StaffRole.principal)
    coaches = await _senior_directors(
        session, district_id, -(-len(principals) // COACHEES_PER_COACH), fake, seed.today
    )
    program = await _program(
        session,
        district_id,
        seed.today,
        name="Principal Leadership Coaching",
        kind="coaching",
        objectives="Senior directors coach principals, more often where schools need it most.",
        cadence_days=21,
        target_caseload=COACHEES_PER_COACH,
    )
    coach_participants = [
        seed.participant(
            program,
            person_id,
            "mentor",
            None,
            staff_role=StaffRole.senior_director.value,
            capacity=COACHEES_PER_COACH + 1,
            years_experience=rng.randint(12, 25),
            enrolled_on=program.start_date,
        )
        for person_id in coaches
    ]
    coachees = []
    for index, (assignment, school) in enumerate(principals):
        tier = rng.choices(list(SupportTier), weights=[2, 3, 5])[0]
        seed.levels[0].append(
            ProgramSchool(
                id=new_id(),
                program_id=program.id,
                school_id=school.id,
                tier=tier.value,
                needs=NEEDS[tier],
            )
        )
        coachee = seed.participant(
            program,
            assignment.person_id,
            "mentee",
            school,
            staff_role=StaffRole.principal.value,
            enrolled_on=seed.ago(60, 760),
        )
        seed.pair(coach_participants[index % len(coaches)], coachee, TIER_DEFAULTS[tier][0])
        coachees.append(coachee)
    return program, coachees


async def _mentoring(
    seed: MentoringSeed, district_id: uuid.UUID
) -> tuple[Program, list[Participant]]:
    session, rng = seed.session, seed.rng
    teachers = await _staff(session, district_id, StaffRole.teacher)
    rng.shuffle(teachers)
    program = await _program(
        session,
        district_id,
        seed.today,
        name="New Teacher Mentoring",
        kind="mentoring",
        objectives="Experienced teachers mentor colleagues in their first years.",
        cadence_days=14,
        target_caseload=3,
    )
    mentors = [
        seed.participant(
            program,
            assignment.person_id,
            "mentor",
            school,
            staff_role=StaffRole.teacher.value,
            capacity=3,
            years_experience=rng.randint(8, 20),
            enrolled_on=program.start_date,
        )
        for assignment, school in teachers[:MENTORS]
    ]
    mentees = []
    for index, (assignment, school) in enumerate(teachers[MENTORS : MENTORS + MENTEES]):
        enrolled = seed.ago(30, 760)
        left = None
        if rng.random() < 0.1:
            left = min(seed.today, enrolled + dt.timedelta(days=rng.randint(90, 300)))
        mentee = seed.participant(
            program,
            assignment.person_id,
            "mentee",
            school,
            staff_role=StaffRole.teacher.value,
            years_experience=rng.randint(0, 3),
            enrolled_on=enrolled,
            left_on=left,
            left_reason="Moved to another district" if left else None,
        )
        seed.pair(mentors[index % MENTORS], mentee, program.cadence_days)
        mentees.append(mentee)
    return program, mentees


def _instruments(seed: MentoringSeed, everyone: list[Participant]) -> None:
    rng, today = seed.rng, seed.today
    survey, items = seed.survey(
        "Programme satisfaction", None, SATISFACTION_ITEMS, OutcomeLevel.satisfaction.value
    )
    for who in everyone:
        if rng.random() < 0.75:
            seed.respond(survey, items, who, seed.ago(5, 300), lift=0.8)
    skills, skill_items = seed.survey(
        "Leadership and practice self-assessment", None, GROWTH_ITEMS, OutcomeLevel.growth.value
    )
    for who in everyone:
        if who.role != "mentee":
            continue
        seed.respond(skills, skill_items, who, who.enrolled_on, phase="pre")
        seed.review(who, "pre", who.enrolled_on + dt.timedelta(days=7))
        post = who.enrolled_on + dt.timedelta(days=rng.randint(150, 330))
        if post <= today and rng.random() < 0.8:
            seed.respond(skills, skill_items, who, post, phase="post", lift=0.5)
            seed.review(who, "post", post, lift=rng.choice([0.2, 0.4, 0.6]))


async def _turnover(
    seed: MentoringSeed, district_id: uuid.UUID, mentees: list[Participant]
) -> None:
    """Some staff move on: mentees who left, and a share of everyone who started two years ago."""
    rng, today = seed.rng, seed.today
    left = {m.person_id: m.left_on for m in mentees if m.left_on is not None}
    started = {m.person_id: m.enrolled_on for m in mentees}
    window = (today - dt.timedelta(days=730), today - dt.timedelta(days=365))
    for role in (StaffRole.teacher, StaffRole.principal):
        for assignment, _ in await _staff(seed.session, district_id, role):
            person = assignment.person_id
            begun = started.get(person, assignment.start_date)
            end = left.get(person)
            if end is None and begun is not None and window[0] <= begun <= window[1]:
                share = 0.12 if person in started else 0.3
                if rng.random() < share:
                    end = begun + dt.timedelta(days=rng.randint(60, 330))
            if end is not None:
                await update_record(
                    seed.session,
                    assignment,
                    {"end_date": min(end, today)},
                    "role_assignments",
                    lambda a: {"school_id": a.school_id, "district_id": None},
                )


async def seed_mentoring(
    session: AsyncSession, district_id: uuid.UUID, fake: Faker, rng: random.Random, today: dt.date
) -> None:
    """A coaching and a mentoring programme in the district, with their history."""
    seed = MentoringSeed(session, rng, today)
    _, coachees = await _coaching(seed, district_id, fake)
    _, mentees = await _mentoring(seed, district_id)
    everyone = [r for r in seed.levels[0] if isinstance(r, Participant)]
    _instruments(seed, everyone)
    for level in seed.levels:
        session.add_all(level)
        await session.flush()
    await refresh_summaries(session, [r.id for r in seed.levels[1] if isinstance(r, Match)])
    responses = [r for r in seed.levels[1] if isinstance(r, SurveyResponse)]
    reviews = [r for r in seed.levels[1] if isinstance(r, Review)]
    await keep_answer_totals(session, [r.id for r in responses])
    await refresh_answer_totals(session, {r.participant_id for r in responses})
    await refresh_score_totals(session, {(r.person_id, r.program_id) for r in reviews})
    await _turnover(seed, district_id, [*coachees, *mentees])
