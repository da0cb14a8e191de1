"""A generated demo district, so a fresh `make run` has something to look at."""

import datetime as dt
import random
from typing import Any

from faker import Faker
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.accounts import create_user
from api.auth.models import User
from api.auth.roles import Role as AccountRole
from api.auth.schemas import UserCreate
from api.auth.secrets import SecretHashing, new_password
from api.core.crud import create_record
from api.core.db import create_database, create_engine, utcnow
from api.core.events import flush_events, set_actor
from api.demo_goals import seed_demo_goals
from api.demo_mentoring import seed_mentoring
from api.demo_partners import seed_demo_partners
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.service.person_places import announce_at_new_place
from api.directory.vocabulary import (
    Channel,
    SchoolLevel,
    StaffRole,
    Subject,
    grade_rank,
    locale_type_for,
)

DEMO_ADMIN = "admin@riverbend.example.org"
RESET_DEMO_PASSWORD = f"uv run trellis reset-password {DEMO_ADMIN}"
# The demo's password is random and shown once, so every later run says how to get in.
HOW_TO_SIGN_IN = (
    f"sign in at the web client as {DEMO_ADMIN} with the password shown when the demo\n"
    f"was seeded, or set a new one: {RESET_DEMO_PASSWORD}"
)
HOW_TO_ADD_AN_ADMIN = (
    "to sign in, create an administrator: uv run trellis create-admin --email you@example.org"
)
LEVEL_PLAN: list[tuple[SchoolLevel, str, str, int]] = [
    (SchoolLevel.elementary, "KG", "05", 22),
    (SchoolLevel.middle, "06", "08", 9),
    (SchoolLevel.high, "09", "12", 7),
    (SchoolLevel.prekindergarten, "PK", "PK", 1),
    (SchoolLevel.other, "06", "12", 1),
]
LOCALE_CODES = [11, 12, 13, 21, 21, 22, 23, 31, 32, 41, 42, 43]
SUFFIX = {
    SchoolLevel.elementary: "Elementary School",
    SchoolLevel.middle: "Middle School",
    SchoolLevel.high: "High School",
    SchoolLevel.prekindergarten: "Early Learning Center",
    SchoolLevel.other: "Academy",
}
STAFF_PER_SCHOOL = [
    (StaffRole.teacher, 5),
    (StaffRole.counselor, 1),
    (StaffRole.interventionist, 1),
    (StaffRole.specialist, 1),
]


def _person(fake: Faker, rng: random.Random, now: dt.datetime) -> Person:
    given, family = fake.first_name(), fake.last_name()
    verified_days = rng.choice([None, 20, 90, 200, 400, 800])
    return Person(
        given_name=given,
        family_name=family,
        email=f"{given}.{family}.{rng.randint(10, 99)}@riverbend.example.org".lower(),
        phone=fake.numerify("(###) 555-####"),
        preferred_channel=rng.choice(list(Channel)).value,
        social_handles={},
        verified_at=None if verified_days is None else now - dt.timedelta(days=verified_days),
        verified_by=None if verified_days is None else "demo seed",
    )


async def _add_person_with_role(
    session: AsyncSession,
    fake: Faker,
    rng: random.Random,
    now: dt.datetime,
    place: dict[str, Any],
    role: StaffRole,
) -> Person:
    person = await create_record(session, _person(fake, rng, now), "people")
    subjects = (
        [rng.choice(list(Subject)).value]
        if role in (StaffRole.teacher, StaffRole.interventionist)
        else []
    )
    assignment = RoleAssignment(
        person_id=person.id,
        role=role.value,
        title=role.value.replace("_", " ").title(),
        subjects=subjects,
        grade_levels=[],
        start_date=(now - dt.timedelta(days=rng.randint(30, 3000))).date(),
        is_primary=role in (StaffRole.principal, StaffRole.partnerships_coordinator),
        **place,
    )
    await announce_at_new_place(session, assignment)
    await create_record(session, assignment, "role_assignments", lambda a: place)
    return person


async def seed_demo_district(database_url: str, *, if_empty: bool, seed: int) -> str:
    database = create_database(create_engine(database_url))
    fake, rng, now = Faker("en_US"), random.Random(seed), utcnow()
    fake.seed_instance(seed)
    try:
        async with database.sessionmaker() as session:
            if if_empty and await session.scalar(select(func.count()).select_from(District)):
                demo_admin = await session.scalar(select(User.id).where(User.email == DEMO_ADMIN))
                return "the database already has data; demo not seeded\n" + (
                    HOW_TO_SIGN_IN if demo_admin else HOW_TO_ADD_AN_ADMIN
                )
            set_actor(session, "demo-seed")
            district = await create_record(
                session,
                District(
                    name="Riverbend Unified School District",
                    nces_leaid="9900001",
                    state="CA",
                    city="Riverbend",
                    street="100 Civic Center Way",
                    zip="95999",
                    phone="(555) 010-0100",
                    website="https://riverbend.example.org",
                    agency_type="Regular Local",
                    locale_code=21,
                ),
                "districts",
                lambda d: {"district_id": d.id},
            )
            office = {"district_id": district.id, "school_id": None}
            office_staff = {
                role: await _add_person_with_role(session, fake, rng, now, office, role)
                for role in (
                    StaffRole.superintendent,
                    StaffRole.director,
                    StaffRole.partnerships_coordinator,
                    StaffRole.associate,
                )
            }
            # The demo administrator is the district's partnerships coordinator.
            coordinator = office_staff[StaffRole.partnerships_coordinator]
            school_ids = []
            schools = 0
            for level, low, high, count in LEVEL_PLAN:
                for _ in range(count):
                    schools += 1
                    code = rng.choice(LOCALE_CODES)
                    school = await create_record(
                        session,
                        School(
                            name=f"{fake.unique.last_name()} {SUFFIX[level]}",
                            district_id=district.id,
                            nces_id=f"99000010{schools:04d}",
                            level=level.value,
                            grade_low=low,
                            grade_high=high,
                            grade_low_rank=grade_rank(low),
                            grade_high_rank=grade_rank(high),
                            locale_code=code,
                            locale_type=locale_type_for(code),
                            street=fake.street_address(),
                            city="Riverbend",
                            state="CA",
                            zip="95999",
                            phone=fake.numerify("(555) 01#-####"),
                            status="open",
                            is_charter=rng.random() < 0.1,
                            is_title_i=rng.random() < 0.5,
                            enrollment=rng.randint(150, 2400),
                        ),
                        "schools",
                        lambda s: {"district_id": s.district_id, "school_id": s.id},
                    )
                    school_ids.append(school.id)
                    place = {"school_id": school.id, "district_id": None}
                    leaders = [StaffRole.principal, StaffRole.partnerships_coordinator]
                    if level is SchoolLevel.high:
                        leaders.append(StaffRole.assistant_principal)
                    for role in leaders:
                        await _add_person_with_role(session, fake, rng, now, place, role)
                    for role, count_per_school in STAFF_PER_SCHOOL:
                        for _ in range(count_per_school):
                            await _add_person_with_role(session, fake, rng, now, place, role)
            partners, agreements = await seed_demo_partners(
                session,
                rng,
                now,
                school_ids,
                coordinator,
                lambda place, role: _add_person_with_role(session, fake, rng, now, place, role),
            )
            await seed_demo_goals(session, district, rng, now.date())
            await seed_mentoring(session, district.id, fake, rng, now.date())
            password = new_password()
            await create_user(
                session,
                UserCreate(
                    email=DEMO_ADMIN,
                    display_name="Demo Administrator",
                    password=password,
                    role=AccountRole.admin,
                    person_id=coordinator.id,
                ),
                SecretHashing(1),
            )
            await flush_events(session)
            await session.commit()
            people = await session.scalar(select(func.count()).select_from(Person))
            return (
                f"seeded demo district '{district.name}': {schools} schools, {people} people, "
                f"{partners} partners, {agreements} agreements\n"
                f"sign in at the web client as {DEMO_ADMIN} with password {password}\n"
                f"(shown only now; to set a new one: {RESET_DEMO_PASSWORD})"
            )
    finally:
        await database.engine.dispose()
