"""A programme whose check-ins sit at the edges of its cadence, for cadence adherence."""

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import School
from api.mentoring.models import CheckIn, Match, Program, ProgramSchool
from api.mentoring.service.check_in_summary import refresh_summaries
from tests.directory.factories import new_district, new_person, new_school
from tests.mentoring.factories import new_program
from tests.mentoring.impact_builder import Builder, ImpactWorld, ago


async def build_cadence_case(session: AsyncSession) -> tuple[Program, list[list[dt.date]]]:
    """One programme (cadence 14, one school on the intensive tier: 7) and seven matches
    whose check-ins sit at the edges of the cadence, over the period of the last 100 days.

    Returns the programme and each match's check-in dates, in the order of the docstring
    of `test_cadence_adherence_at_its_edges`.
    """
    district = new_district()
    plain, tiered = new_school(district), new_school(district)
    program = new_program(
        name="Cadence",
        kind="coaching",
        start_date=ago(400),
        district_id=district.id,
        cadence_days=14,
        target_caseload=7,
    )
    tier = ProgramSchool(
        id=new_id(), program_id=program.id, school_id=tiered.id, tier="intensive", needs=[]
    )
    people = [new_person() for _ in range(8)]
    world = ImpactWorld(district, district, [plain, tiered], program, program, tier, people)
    b = Builder(world, 0)
    mentor = b.participant(program, people[0], "mentor", plain, enrolled_on=ago(400))
    every = [ago(d) for d in range(86, 0, -14)]  # 86, 72, ..., 2 days ago
    cases: list[tuple[dt.date, dt.date | None, list[dt.date], School]] = [
        (ago(100), None, every, plain),
        (ago(100), None, [ago(85), *every[1:]], plain),  # one gap of 15 days
        (ago(10), None, [], plain),  # too early for a check-in
        (ago(20), None, [], plain),  # 20 days without one
        (ago(200), ago(50), [ago(90), ago(76), ago(62)], plain),  # ended within the period
        (ago(100), None, [ago(d) for d in range(93, 19, -7)], plain),  # silent for the last 23 days
        (ago(100), None, [ago(d) for d in range(95, 0, -10)], tiered),  # 10 days > 7
    ]
    dates = []
    for index, (started, ended, held, school) in enumerate(cases, start=1):
        mentee = b.participant(program, people[index], "mentee", school, enrolled_on=started)
        match = Match(
            id=new_id(),
            program_id=program.id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            status="active" if ended is None else "completed",
            started_on=started,
            ended_on=ended,
            focus_areas=[],
            goal_ids=[],
        )
        world.matches.append(match)
        world.check_ins.extend(
            CheckIn(id=new_id(), match_id=match.id, program_id=program.id, held_on=day, goal_ids=[])
            for day in held
        )
        dates.append(held)
    for level in (
        [district, *people],
        [plain, tiered],
        [program],
        [tier, *world.participants],
        world.matches,
        world.check_ins,
    ):
        session.add_all(level)
        await session.flush()
    await refresh_summaries(session, [match.id for match in world.matches])
    return program, dates
