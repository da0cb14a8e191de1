"""A mentoring world with known answers for the impact metrics, built with the ORM.

A mentoring programme (teachers mentored by teachers, cadence 14 days, target 3) and a
coaching programme (principals coached by senior directors, cadence 30 days, target 2,
one school on the intensive tier). Among the people: one mentee who left and came back
in the other programme, one mentee who is also a coach, one who left before the period,
a proposed match, pre self-assessments and reviews with missing posts, a rubric
dimension with too few pairs, a survey with too few answers, and staff who were never
mentored to compare retention with. Dates are relative to today, as the endpoint's are.
"""

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.mentoring.models import Participant, ProgramSchool
from api.mentoring.service.answer_totals import keep_answer_totals
from api.mentoring.service.check_in_summary import refresh_summaries
from api.mentoring.service.outcome_totals import refresh_answer_totals, refresh_score_totals
from tests.directory.factories import new_district, new_person, new_school
from tests.mentoring.factories import new_program
from tests.mentoring.impact_builder import Builder, ImpactWorld, ago


def _base() -> ImpactWorld:
    district, other = new_district(), new_district(state="TX")
    schools = [
        new_school(district, level="elementary", locale_code=21),
        new_school(district, level="high", locale_code=11),
        new_school(other, level="elementary", locale_code=41),
    ]
    mentoring = new_program(
        name="Early career mentoring",
        start_date=ago(800),
        district_id=district.id,
        cadence_days=14,
        target_caseload=3,
    )
    coaching = new_program(
        name="Principal coaching",
        kind="coaching",
        start_date=ago(400),
        district_id=district.id,
        cadence_days=30,
        target_caseload=2,
    )
    tier = ProgramSchool(
        id=new_id(), program_id=coaching.id, school_id=schools[1].id, tier="intensive", needs=[]
    )
    people = [new_person() for _ in range(70)]
    return ImpactWorld(district, other, schools, mentoring, coaching, tier, people)


def _enrol(b: Builder) -> tuple[list[Participant], list[Participant]]:
    """Mentees of the mentoring programme and coachees of the coaching one, all matched."""
    w, rng = b.world, b.rng
    elementary, high, far = w.schools
    people = w.people
    mentors = [
        b.participant(
            w.mentoring,
            person,
            "mentor",
            elementary,
            staff_role="teacher",
            capacity=4,
            enrolled_on=ago(760),
        )
        for person in people[0:4]
    ]
    mentees: list[Participant] = []
    for index, person in enumerate(people[4:22]):
        school = (elementary, high, far)[index % 3]
        enrolled = ago(rng.randint(100, 700))
        mentees.append(
            b.participant(
                w.mentoring, person, "mentee", school, staff_role="teacher", enrolled_on=enrolled
            )
        )
    w.came_back, w.left_before, w.mentee_and_coach = people[4], people[5], people[6]
    mentees[0].enrolled_on, mentees[0].left_on = ago(690), ago(520)
    mentees[1].enrolled_on, mentees[1].left_on = ago(640), ago(400)
    for index, mentee in enumerate(mentees):
        start = mentee.enrolled_on + dt.timedelta(days=rng.randint(0, 20))
        ended = mentee.left_on or (ago(rng.randint(30, 90)) if index % 5 == 4 else None)
        status = "active" if ended is None else ("completed" if index % 2 else "ended_early")
        b.match(mentors[index % 4], mentee, status=status, started_on=start, ended_on=ended)
    # A proposal is not yet a match in the figures.
    extra = b.participant(
        w.mentoring, people[22], "mentee", elementary, staff_role="teacher", enrolled_on=ago(20)
    )
    b.match(mentors[0], extra, status="proposed")
    mentees.append(extra)

    coaches = [
        b.participant(
            w.coaching,
            person,
            "mentor",
            None,
            staff_role="senior_director",
            capacity=3,
            enrolled_on=ago(390),
        )
        for person in (people[23], people[24], people[6])
    ]
    coachees = [
        b.participant(
            w.coaching,
            person,
            "mentee",
            (elementary, high)[index % 2],
            staff_role="principal",
            enrolled_on=ago(rng.randint(60, 380)),
        )
        for index, person in enumerate(people[25:33])
    ]
    coachees.append(
        b.participant(
            w.coaching, people[4], "mentee", elementary, staff_role="teacher", enrolled_on=ago(200)
        )
    )
    for index, coachee in enumerate(coachees):
        start = coachee.enrolled_on + dt.timedelta(days=rng.randint(0, 15))
        b.match(coaches[index % 3], coachee, status="active", started_on=start)
    return mentees, coachees


def _surveys(b: Builder, mentees: list[Participant], coachees: list[Participant]) -> None:
    w, rng = b.world, b.rng
    satisfaction = b.survey("Programme satisfaction", w.mentoring, ["satisfaction"] * 2)
    pulse = b.survey("Coaching pulse", None, ["satisfaction"])
    skills = b.survey("Leadership self-assessment", None, ["growth"] * 3 + ["satisfaction"])
    mentors = [p for p in w.participants if p.role == "mentor" and p.program_id == w.mentoring.id]
    for participant in [*mentors, *mentees[2:14]]:
        b.respond(satisfaction, participant, ago(rng.randint(5, 280)))
    # Outside the period, and from someone who left before it.
    b.respond(satisfaction, mentees[2], ago(350))
    b.respond(satisfaction, mentees[1], ago(390))
    for coachee in coachees[:3]:
        b.respond(pulse, coachee, ago(rng.randint(5, 100)))
    for index, participant in enumerate([*mentees[:16], *coachees]):
        b.respond(skills, participant, participant.enrolled_on, phase="pre")
        if index % 4 == 3:
            continue  # no post yet
        # One post falls before the period, so that pair is not counted.
        on = ago(330) if index == 5 else ago(rng.randint(5, 250))
        b.respond(skills, participant, on, phase="post", lift=rng.choice([0, 1, 1, 2]))
    # A mentor's own self-assessment is not the programme's outcome.
    b.respond(skills, mentors[0], ago(600), phase="pre")
    b.respond(skills, mentors[0], ago(30), phase="post", lift=2)


def _reviews(b: Builder, mentees: list[Participant], coachees: list[Participant]) -> None:
    rng = b.rng
    counted = [*mentees[:16], *coachees]
    for index, participant in enumerate(counted):
        dimensions = ["communication", "collaboration"]
        if index < 4:
            dimensions.append("instructional_support")
        b.review(participant, "pre", participant.enrolled_on, dimensions)
        if index % 3 == 2:
            continue  # no post review
        b.review(
            participant, "post", ago(rng.randint(5, 200)), dimensions, lift=rng.choice([0, 1, 1, 2])
        )
    # An annual review and one outside any programme are not pre/post pairs of a programme.
    b.review(counted[0], "annual", ago(50), ["communication"], lift=3)
    b.review(counted[1], "post", ago(40), ["communication"], lift=3, in_program=False)


def _careers(b: Builder, mentees: list[Participant], coachees: list[Participant]) -> None:
    """Role assignments: mentees' own, and staff never mentored who started in the same years."""
    w, rng = b.world, b.rng
    schools = {school.id: school for school in w.schools}
    for participant in [*mentees, *coachees]:
        if participant.school_id is None:
            continue
        person = next(p for p in w.people if p.id == participant.person_id)
        stays = rng.random() < 0.7
        end = None if stays else participant.enrolled_on + dt.timedelta(days=rng.randint(30, 360))
        b.assignment(
            person,
            schools[participant.school_id],
            participant.staff_role or "teacher",
            start_date=ago(1500),
            end_date=end,
        )
    # One mentee moved school after 200 days: still in post at 12 months.
    moved = mentees[3]
    moved_person = next(p for p in w.people if p.id == moved.person_id)
    b.world.assignments[3].end_date = moved.enrolled_on + dt.timedelta(days=200)
    b.assignment(
        moved_person, w.schools[1], "teacher", start_date=moved.enrolled_on + dt.timedelta(days=201)
    )
    for index, person in enumerate(w.people[33:70]):
        school = w.schools[index % 3]
        role = "teacher" if index % 4 else "counselor"
        start = ago(rng.randint(330, 700))
        end = None if rng.random() < 0.55 else start + dt.timedelta(days=rng.randint(60, 500))
        b.assignment(person, school, role, start_date=start, end_date=end)


async def build_impact_world(session: AsyncSession, seed: int = 13) -> ImpactWorld:
    world = _base()
    builder = Builder(world, seed)
    mentees, coachees = _enrol(builder)
    _surveys(builder, mentees, coachees)
    _reviews(builder, mentees, coachees)
    _careers(builder, mentees, coachees)
    for level in (
        [world.district, world.other_district, *world.people],
        [*world.schools],
        [world.mentoring, world.coaching, *world.assignments],
        [world.tier, *world.participants, *world.surveys],
        [*world.matches, *world.items],
        [*world.check_ins, *world.responses, *world.reviews],
        [*world.answers, *world.scores],
    ):
        session.add_all(level)
        await session.flush()
    await refresh_summaries(session, [match.id for match in world.matches])
    await keep_answer_totals(session, [response.id for response in world.responses])
    await refresh_answer_totals(session, {response.participant_id for response in world.responses})
    await refresh_score_totals(
        session, {(review.person_id, review.program_id) for review in world.reviews}
    )
    return world
