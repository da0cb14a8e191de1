"""Small factories for the partners area: each makes one valid record, any field overridable.

`new_*` builds the records with their ids and without saving them; `make_*` saves them.
"""

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.records import new_id
from api.directory.models import District, Person, RoleAssignment, School
from api.partners.models import (
    ActionItem,
    Agreement,
    AgreementResource,
    AgreementSchool,
    AgreementService,
    Interaction,
    Partner,
)
from tests.directory.factories import make_person

_serial = itertools.count(1)
TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


async def _saved(session: AsyncSession, record: Any) -> Any:
    session.add(record)
    await session.flush()
    return record


def new_partner(**overrides: Any) -> Partner:
    n = next(_serial)
    values: dict[str, Any] = {
        "id": new_id(),
        "name": f"Partner {n:05d}",
        "kind": "nonprofit",
        "focus_areas": ["tutoring"],
        "status": "active",
    }
    return Partner(**(values | overrides))


async def make_partner(session: AsyncSession, **overrides: Any) -> Partner:
    return await _saved(session, new_partner(**overrides))


async def make_partner_person(
    session: AsyncSession, partner: Partner, *, person: Person | None = None, **overrides: Any
) -> Person:
    person = person or await make_person(session)
    values: dict[str, Any] = {
        "person_id": person.id,
        "partner_id": partner.id,
        "role": "director",
        "subjects": [],
        "grade_levels": [],
        "start_date": dt.date(2024, 8, 1),
    }
    await _saved(session, RoleAssignment(**(values | overrides)))
    return person


def new_agreement(
    partner: Partner,
    schools: Sequence[School] = (),
    *,
    district: District | None = None,
    services: Sequence[dict[str, Any]] = ({"category": "tutoring", "target_students": 20},),
    resources: Sequence[dict[str, Any]] = (),
    **overrides: Any,
) -> tuple[Agreement, list[Any]]:
    """The agreement and its rows in other tables (schools, services, resources)."""
    n = next(_serial)
    totals = {"funding": 0.0, "in_kind": 0.0, "volunteer_hours": 0.0, "staff_time": 0.0}
    for resource in resources:
        totals[resource["type"]] += float(resource["amount"])
    values: dict[str, Any] = {
        "id": new_id(),
        "partner_id": partner.id,
        "district_id": district.id if district else schools[0].district_id,
        "district_wide": not schools,
        # What the agreements service writes with the items.
        "students_target": sum(s.get("target_students") or 0 for s in services),
        "funding_usd": totals["funding"],
        "in_kind_usd": totals["in_kind"],
        "volunteer_hours": totals["volunteer_hours"],
        "staff_hours": totals["staff_time"],
        "title": f"Agreement {n:05d}",
        "status": "draft",
        "start_date": days(-30),
        "end_date": days(335),
        "channels": [],
    }
    agreement = Agreement(**(values | overrides))
    rows: list[Any] = [
        AgreementSchool(agreement_id=agreement.id, school_id=school.id) for school in schools
    ]
    rows += [
        AgreementService(agreement_id=agreement.id, position=position, grade_levels=[], **service)
        for position, service in enumerate(services)
    ]
    for position, resource in enumerate(resources):
        unit = "hours" if resource["type"] in ("volunteer_hours", "staff_time") else "USD"
        rows.append(
            AgreementResource(agreement_id=agreement.id, position=position, unit=unit, **resource)
        )
    return agreement, rows


async def make_agreement(
    session: AsyncSession,
    partner: Partner,
    schools: Sequence[School] = (),
    *,
    district: District | None = None,
    services: Sequence[dict[str, Any]] = ({"category": "tutoring", "target_students": 20},),
    resources: Sequence[dict[str, Any]] = (),
    **overrides: Any,
) -> Agreement:
    agreement, rows = new_agreement(
        partner, schools, district=district, services=services, resources=resources, **overrides
    )
    await _saved(session, agreement)
    session.add_all(rows)
    await session.flush()
    return agreement


def new_interaction(
    agreement: Agreement, *, action_items: Sequence[dict[str, Any]] = (), **overrides: Any
) -> tuple[Interaction, list[ActionItem]]:
    values: dict[str, Any] = {
        "id": new_id(),
        "agreement_id": agreement.id,
        "occurred_on": TODAY,
        "kind": "meeting",
        "decisions": [],
    }
    interaction = Interaction(**(values | overrides))
    items = [
        ActionItem(
            id=new_id(),
            interaction_id=interaction.id,
            agreement_id=agreement.id,
            position=position,
            **({"text": "Follow up"} | item),
        )
        for position, item in enumerate(action_items)
    ]
    return interaction, items


async def make_interaction(
    session: AsyncSession,
    agreement: Agreement,
    *,
    action_items: Sequence[dict[str, Any]] = (),
    **overrides: Any,
) -> Interaction:
    interaction, items = new_interaction(agreement, action_items=action_items, **overrides)
    await _saved(session, interaction)
    session.add_all(items)
    # What the interactions service keeps up to date in the same transaction.
    agreement.last_interaction_on = await session.scalar(
        select(func.max(Interaction.occurred_on)).where(Interaction.agreement_id == agreement.id)
    )
    await session.flush()
    return interaction
