"""Checks an agreement must pass before it is written: its parties are in the
caller's reach and its points of contact work where the plan says they do."""

import datetime as dt
import uuid
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import schools_in_scope
from api.access.partners import partners_visible
from api.core.errors import Unprocessable, body_error
from api.core.scope import Scope
from api.directory.models import District, RoleAssignment, School
from api.directory.service.assignments import current_on
from api.partners.models import Agreement, Partner
from api.partners.schemas import AgreementCreate

Error = dict[str, Any]


async def _partner_errors(
    session: AsyncSession, scope: Scope, partner_id: uuid.UUID
) -> list[Error]:
    found = await session.scalar(
        select(Partner.id).where(Partner.id == partner_id, partners_visible(scope))
    )
    return [] if found else [body_error(["partner_id"], "no such partner in your scope")]


async def _school_errors(
    session: AsyncSession, scope: Scope, school_ids: list[uuid.UUID], before: set[uuid.UUID]
) -> list[Error]:
    """Schools added or removed must be ones the caller may place an agreement in."""
    touched = set(school_ids) ^ before
    if not touched:
        return []
    allowed = set(
        await session.scalars(
            select(School.id).where(School.id.in_(touched), schools_in_scope(scope))
        )
    )
    errors = [
        body_error(["school_ids", index], "no such school in your scope")
        for index, school_id in enumerate(school_ids)
        if school_id in touched and school_id not in allowed
    ]
    errors += [
        body_error(
            ["school_ids"], f"school {school_id} is outside your scope; you cannot remove it"
        )
        for school_id in sorted(before - set(school_ids) - allowed, key=str)
    ]
    return errors


async def _district_errors(
    session: AsyncSession, scope: Scope, district_id: uuid.UUID
) -> list[Error]:
    """A district-wide agreement is made by the district's managers (or renewed by its partner)."""
    found = await session.scalar(select(District.id).where(District.id == district_id))
    allowed = scope.everything or district_id in scope.district_ids
    if found and not allowed and scope.partner_ids:
        allowed = bool(
            await session.scalar(
                select(Agreement.id)
                .where(
                    Agreement.district_id == district_id,
                    Agreement.district_wide.is_(True),
                    Agreement.partner_id.in_(scope.partner_ids),
                )
                .limit(1)
            )
        )
    return (
        [] if found and allowed else [body_error(["district_id"], "no such district in your scope")]
    )


async def resolve_district(session: AsyncSession, data: AgreementCreate) -> AgreementCreate:
    """The district party: the one all named schools are in (422 when they are not)."""
    if not data.school_ids:
        return data
    districts = set(
        await session.scalars(
            select(School.district_id).where(School.id.in_(data.school_ids)).distinct()
        )
    )
    if len(districts) > 1:
        raise Unprocessable(
            "An agreement's schools are in one district, the district that signs it; "
            "make one agreement per district.",
            errors=[body_error(["school_ids"], "schools of more than one district", "district")],
        )
    if not districts:
        return data  # unknown schools: check_parties names them
    district_id = districts.pop()
    if data.district_id is not None and data.district_id != district_id:
        raise Unprocessable(
            f"The schools are in district {district_id}, not {data.district_id}.",
            errors=[body_error(["district_id"], "the schools are in another district", "district")],
        )
    return data.model_copy(update={"district_id": district_id})


def _stays_in_scope(scope: Scope, data: AgreementCreate) -> bool:
    if scope.everything or data.partner_id in scope.partner_ids:
        return True
    if data.district_id in scope.district_ids:
        return True
    return bool(set(data.school_ids) & scope.school_ids)


async def check_parties(
    session: AsyncSession,
    scope: Scope,
    data: AgreementCreate,
    before: Agreement | None = None,
    before_school_ids: Iterable[uuid.UUID] = (),
) -> AgreementCreate:
    """Refuse (422, naming the field) parties outside the caller's scope; nothing is written.

    Returns the agreement with its district resolved from its schools.
    """
    errors: list[Error] = []
    if before is None or data.partner_id != before.partner_id:
        errors += await _partner_errors(session, scope, data.partner_id)
    errors += await _school_errors(session, scope, data.school_ids, set(before_school_ids))
    if errors:
        raise Unprocessable("The agreement names records outside your scope.", errors=errors)
    data = await resolve_district(session, data)
    if (
        not data.school_ids
        and data.district_id is not None
        and (before is None or not before.district_wide or data.district_id != before.district_id)
    ):
        errors = await _district_errors(session, scope, data.district_id)
        if errors:
            raise Unprocessable("The agreement names a district outside your scope.", errors=errors)
    if not _stays_in_scope(scope, data):
        raise Unprocessable(
            "After this change the agreement would no longer involve any school, district or "
            "partner in your scope; keep at least one of yours on it.",
            errors=[body_error(["school_ids"], "would leave your scope", "scope")],
        )
    return data


def _works_at_partner(partner_id: uuid.UUID) -> ColumnElement[bool]:
    return RoleAssignment.partner_id == partner_id


def _works_on_school_side(data: AgreementCreate) -> ColumnElement[bool]:
    # A district partnerships office may be the school side's contact.
    at_district = RoleAssignment.district_id == data.district_id
    if not data.school_ids:
        in_district = select(School.id).where(School.district_id == data.district_id)
        return or_(at_district, RoleAssignment.school_id.in_(in_district))
    return or_(at_district, RoleAssignment.school_id.in_(data.school_ids))


async def contact_errors(
    session: AsyncSession,
    data: AgreementCreate,
    today: dt.date,
    only: Collection[str] | None = None,
) -> dict[str, Error]:
    """Points of contact must hold a current role on the side the plan names them for.

    `only` limits the check to some of them (those an edit changed).
    """
    plan = data.communication_plan
    partner_side = _works_at_partner(data.partner_id)
    school_side = _works_on_school_side(data)
    sides = {
        "school_contact_id": (school_side, "at one of the agreement's schools or its district"),
        "partner_contact_id": (partner_side, "at the partner"),
        "escalation_contact_id": (
            or_(partner_side, school_side),
            "at the partner or on the school side",
        ),
    }
    errors: dict[str, Error] = {}
    for field, (where, place) in sides.items():
        person_id = getattr(plan, field)
        if person_id is None or (only is not None and field not in only):
            continue
        found = await session.scalar(
            select(RoleAssignment.id)
            .where(RoleAssignment.person_id == person_id, current_on(today), where)
            .limit(1)
        )
        if found is None:
            errors[field] = body_error(
                ["communication_plan", field],
                f"this person does not hold a current role {place}",
                "contact",
            )
    return errors


async def check_contacts(
    session: AsyncSession,
    data: AgreementCreate,
    today: dt.date,
    only: Collection[str] | None = None,
) -> None:
    errors = await contact_errors(session, data, today, only)
    if errors:
        raise Unprocessable(
            "A point of contact does not work where the plan says.", errors=list(errors.values())
        )
