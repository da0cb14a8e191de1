"""The demo's partners and agreements, so a new user can try the partners area at once:
organisations with staff, agreements in each state of their life, interactions, and action
items, several of them the demo administrator's own."""

import datetime as dt
import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scope import EVERYTHING
from api.directory.models import Person
from api.directory.vocabulary import Channel, StaffRole
from api.partners.lifecycle import Action
from api.partners.models import Agreement
from api.partners.schemas import (
    ActionItemInput,
    ActivateRequest,
    AgreementCreate,
    CommunicationPlanInput,
    InteractionCreate,
    PartnerCreate,
    ResourceInput,
    ServiceInput,
)
from api.partners.service.actions import transition
from api.partners.service.agreement_edits import create_agreement
from api.partners.service.interactions import create_interaction
from api.partners.service.partners import create_partner
from api.partners.vocabulary import (
    Cadence,
    InteractionKind,
    PartnerKind,
    ResourceType,
    ServiceCategory,
)

AddPerson = Callable[[dict[str, Any], StaffRole], Awaitable[Person]]


@dataclass(frozen=True)
class DemoPartner:
    name: str
    kind: PartnerKind
    focus: tuple[ServiceCategory, ...]
    description: str


PARTNERS = [
    DemoPartner(
        "Riverbend Reading Corps",
        PartnerKind.service_corps,
        (ServiceCategory.tutoring,),
        "AmeriCorps members tutoring early readers in small groups.",
    ),
    DemoPartner(
        "Big Sky Mentors",
        PartnerKind.nonprofit,
        (ServiceCategory.mentoring,),
        "One-to-one mentoring for middle and high school students.",
    ),
    DemoPartner(
        "Valley Family Health",
        PartnerKind.health_provider,
        (ServiceCategory.health, ServiceCategory.mental_health),
        "School-based clinic days and counselling referrals.",
    ),
    DemoPartner(
        "Riverbend Community College",
        PartnerKind.community_college,
        (ServiceCategory.college_career,),
        "Dual enrolment and career pathway visits.",
    ),
    DemoPartner(
        "Westside Boys & Girls Club",
        PartnerKind.nonprofit,
        (ServiceCategory.after_school, ServiceCategory.physical_activity),
        "After-school programme until 6 pm, with sports and homework help.",
    ),
    DemoPartner(
        "Riverbend Arts Alliance",
        PartnerKind.cultural,
        (ServiceCategory.enrichment,),
        "Artists in residence and museum field trips.",
    ),
    DemoPartner(
        "Parents United for Riverbend",
        PartnerKind.parent_group,
        (ServiceCategory.family_engagement,),
        "Family nights and parent leadership workshops.",
    ),
    DemoPartner(
        "Summit Credit Union",
        PartnerKind.business,
        (ServiceCategory.funding, ServiceCategory.college_career),
        "Financial literacy lessons and classroom grants.",
    ),
]
PARTNER_STAFF = [StaffRole.director, StaffRole.associate]


@dataclass(frozen=True)
class DemoAgreement:
    partner: int  # index into PARTNERS
    title: str
    category: ServiceCategory
    schools: int
    starts: int  # days from today
    ends: int
    state: str  # draft, proposed or active
    cadence: Cadence
    last_met: int | None  # days ago; None for no interaction yet


AGREEMENTS = [
    DemoAgreement(
        0,
        "Early Literacy Tutoring",
        ServiceCategory.tutoring,
        4,
        -200,
        165,
        "active",
        Cadence.monthly,
        12,
    ),
    DemoAgreement(
        1,
        "Mentoring for Grades 6 to 8",
        ServiceCategory.mentoring,
        3,
        -320,
        25,
        "active",
        Cadence.biweekly,
        9,
    ),
    DemoAgreement(
        2, "School Clinic Days", ServiceCategory.health, 5, -400, 330, "active", Cadence.monthly, 75
    ),
    DemoAgreement(
        3,
        "Dual Enrolment Pathways",
        ServiceCategory.college_career,
        2,
        -150,
        215,
        "active",
        Cadence.quarterly,
        40,
    ),
    DemoAgreement(
        4,
        "After-School Club",
        ServiceCategory.after_school,
        3,
        -90,
        40,
        "active",
        Cadence.weekly,
        20,
    ),
    DemoAgreement(
        5,
        "Artists in Residence",
        ServiceCategory.enrichment,
        2,
        -60,
        300,
        "active",
        Cadence.monthly,
        None,
    ),
    DemoAgreement(
        6,
        "Family Nights",
        ServiceCategory.family_engagement,
        4,
        14,
        380,
        "proposed",
        Cadence.monthly,
        None,
    ),
    DemoAgreement(
        7,
        "Financial Literacy Grants",
        ServiceCategory.funding,
        2,
        30,
        395,
        "draft",
        Cadence.quarterly,
        None,
    ),
]
FOLLOW_UPS = [
    "Send the updated student roster",
    "Confirm room bookings for next term",
    "Share attendance figures with the principal",
    "Schedule the mid-year review",
    "Collect signed permission slips",
]


async def seed_demo_partners(
    session: AsyncSession,
    rng: random.Random,
    now: dt.datetime,
    school_ids: Sequence[uuid.UUID],
    coordinator: Person,
    add_person: AddPerson,
) -> tuple[int, int]:
    """Partners with staff, and agreements with services, resources, interactions and action
    items; `coordinator` (the district's partnerships coordinator) owns several items.
    Returns how many partners and agreements were made."""
    today = now.date()
    partner_ids: list[uuid.UUID] = []
    contacts: list[Person] = []
    for organisation in PARTNERS:
        partner = await create_partner(
            session,
            EVERYTHING,
            PartnerCreate(
                name=organisation.name,
                kind=organisation.kind,
                focus_areas=list(organisation.focus),
                description=organisation.description,
                city="Riverbend",
                state="CA",
                phone=f"(555) 020-{1000 + len(partner_ids):04d}",
            ),
        )
        place = {"partner_id": partner.id, "school_id": None, "district_id": None}
        staff = [await add_person(place, role) for role in PARTNER_STAFF]
        partner_ids.append(partner.id)
        contacts.append(staff[0])
    for demo in AGREEMENTS:
        agreement = await create_agreement(
            session,
            EVERYTHING,
            _agreement_body(
                demo,
                partner_ids[demo.partner],
                contacts[demo.partner],
                coordinator,
                rng,
                school_ids,
                today,
            ),
            today,
        )
        if demo.state in ("proposed", "active"):
            await transition(session, agreement, Action.propose, None, today, now)
        if demo.state == "active":
            signed = ActivateRequest(signed_date=today + dt.timedelta(days=demo.starts - 10))
            await transition(session, agreement, Action.activate, signed, today, now)
            await _log_interactions(
                session, agreement, demo, contacts[demo.partner], coordinator, today
            )
    return len(PARTNERS), len(AGREEMENTS)


def _agreement_body(
    demo: DemoAgreement,
    partner_id: uuid.UUID,
    partner_contact: Person,
    coordinator: Person,
    rng: random.Random,
    school_ids: Sequence[uuid.UUID],
    today: dt.date,
) -> AgreementCreate:
    students = rng.randrange(20, 200, 10)
    return AgreementCreate(
        partner_id=partner_id,
        school_ids=rng.sample(list(school_ids), demo.schools),
        title=demo.title,
        reference_code=f"MOU-DEMO-{AGREEMENTS.index(demo) + 1:03d}",
        start_date=today + dt.timedelta(days=demo.starts),
        end_date=today + dt.timedelta(days=demo.ends),
        services=[
            ServiceInput(
                category=demo.category,
                description=f"{demo.title} for about {students} students",
                target_students=students,
                frequency=rng.choice(["Weekly", "Twice a week", "Monthly"]),
            )
        ],
        resources=[
            ResourceInput(type=ResourceType.volunteer_hours, amount=rng.randrange(100, 1200, 50)),
            ResourceInput(type=ResourceType.funding, amount=rng.randrange(2000, 40000, 500)),
        ],
        communication_plan=CommunicationPlanInput(
            cadence=demo.cadence,
            channels=[Channel.email, Channel.in_person],
            partner_contact_id=partner_contact.id,
            school_contact_id=coordinator.id,
        ),
    )


async def _log_interactions(
    session: AsyncSession,
    agreement: Agreement,
    demo: DemoAgreement,
    partner_contact: Person,
    coordinator: Person,
    today: dt.date,
) -> None:
    if demo.last_met is None:
        return
    index = AGREEMENTS.index(demo)
    # The earlier meeting's items are done; the latest call's are open, some overdue.
    for step, (days_ago, kind) in enumerate(
        ((demo.last_met + 45, InteractionKind.meeting), (demo.last_met, InteractionKind.call))
    ):
        met = today - dt.timedelta(days=days_ago)
        done = step == 0
        first, second = (
            FOLLOW_UPS[(index + step) % len(FOLLOW_UPS)],
            FOLLOW_UPS[(index + step + 2) % len(FOLLOW_UPS)],
        )
        await create_interaction(
            session,
            EVERYTHING,
            agreement,
            InteractionCreate(
                occurred_on=met,
                kind=kind,
                channel=Channel.in_person if kind is InteractionKind.meeting else Channel.phone,
                duration_minutes=45 if kind is InteractionKind.meeting else 20,
                summary=f"{demo.title}: progress check with the partner.",
                attendee_ids=[partner_contact.id, coordinator.id],
                decisions=["Keep the current schedule"],
                action_items=[
                    ActionItemInput(
                        text=first,
                        owner_id=coordinator.id,
                        due_date=met + dt.timedelta(days=14 + index % 3 * 7),
                        done=done,
                    ),
                    ActionItemInput(
                        text=second,
                        owner_id=partner_contact.id,
                        due_date=met + dt.timedelta(days=21),
                        done=done,
                    ),
                ],
            ),
            today,
        )
