import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.access.directory import naming_schools
from api.access.partners import agreements_visible, agreements_writable
from api.core.crud import check_writable, get_record
from api.core.events import Place
from api.core.filtering import Condition, any_of, holds, matches_text, narrowed, since
from api.core.listing import ListQuery
from api.core.scope import Scope
from api.core.sort_order import SortOrder
from api.partners import lifecycle
from api.partners.models import (
    Agreement,
    AgreementResource,
    AgreementSchool,
    AgreementService,
    Partner,
)
from api.partners.schemas import CommunicationPlan
from api.partners.service import children, health
from api.partners.vocabulary import AgreementStatus

RESOURCE = "agreements"
SCALARS = (
    "partner_id",
    "district_id",
    "title",
    "reference_code",
    "start_date",
    "end_date",
    "signed_date",
    "document_url",
)
PLAN = tuple(CommunicationPlan.model_fields)
STORED = [
    Agreement.__table__.c[name]
    for name in (
        "id",
        "created_at",
        "updated_at",
        "version",
        *SCALARS,
        "district_wide",
        "status_reason",
        "status_changed_at",
        "terminated_on",
        "renews_id",
        *PLAN,
        "last_interaction_on",
    )
]
SORTABLE = SortOrder.of(
    Agreement, "title", "start_date", "end_date", "created_at", "updated_at", default="end_date"
)
CSV_COLUMNS = [
    "id",
    "partner_id",
    "district_id",
    "title",
    "reference_code",
    "status",
    "start_date",
    "end_date",
    "signed_date",
    "cadence",
    "last_interaction_on",
    "version",
    "updated_at",
]


@dataclass(frozen=True)
class AgreementFilters:
    status: Sequence[str] | None = None
    partner_id: list[uuid.UUID] | None = None
    school_id: list[uuid.UUID] | None = None
    district_id: list[uuid.UUID] | None = None
    service_category: Sequence[str] | None = None
    expiring_within_days: int | None = None
    active_on: dt.date | None = None
    overdue: bool | None = None
    q: str | None = None
    updated_since: dt.datetime | None = None


def active_on(day: dt.date) -> ColumnElement[bool]:
    in_term = and_(Agreement.start_date <= day, Agreement.end_date >= day)
    return and_(
        in_term,
        or_(
            Agreement.status == "active",
            and_(Agreement.status == "terminated", Agreement.terminated_on > day),
        ),
    )


_renewal = aliased(Agreement)
RENEWED_BY = (
    select(_renewal.id)
    .where(_renewal.renews_id == Agreement.id, _renewal.status != "withdrawn")
    .limit(1)
    .scalar_subquery()
    .label("renewed_by_id")
)


def offering(categories: Sequence[str] | None) -> Condition:
    """The agreement has a service of one of the categories; none given, any."""
    offered = any_of(AgreementService.category, categories)
    if offered is None:
        return None
    return exists(
        select(AgreementService.id).where(AgreementService.agreement_id == Agreement.id, offered)
    )


def _about(text: str | None) -> Condition:
    """`q`: in the title or reference code, or in the partner's name."""
    if not text:
        return None
    partner_named = select(Partner.id).where(matches_text(text, Partner.name))
    return or_(
        matches_text(text, Agreement.title, Agreement.reference_code),
        Agreement.partner_id.in_(partner_named),
    )


def _conditions(filters: AgreementFilters, today: dt.date) -> list[Condition]:
    expiring = filters.expiring_within_days
    return [
        health.has_status(filters.status, today) if filters.status else None,
        any_of(Agreement.partner_id, filters.partner_id),
        naming_schools(filters.school_id) if filters.school_id else None,
        any_of(Agreement.district_id, filters.district_id),
        offering(filters.service_category),
        None if expiring is None else health.expiring_within(expiring, today),
        None if filters.active_on is None else active_on(filters.active_on),
        holds(health.overdue(today), filters.overdue),
        _about(filters.q),
        since(Agreement.updated_at, filters.updated_since),
    ]


def filtered(scope: Scope, filters: AgreementFilters, today: dt.date) -> Select[Any]:
    stmt = select(*STORED, RENEWED_BY, *health.health_columns(today))
    return narrowed(stmt.where(agreements_visible(scope)), *_conditions(filters, today))


def listed(
    session: AsyncSession, scope: Scope, filters: AgreementFilters, today: dt.date
) -> ListQuery:
    columns = [c for c in STORED if c.name in CSV_COLUMNS and c.name != "status"]
    export = select(*columns, health.effective_status(today).label("status"))
    return ListQuery(
        filtered(scope, filters, today),
        SORTABLE,
        export=narrowed(export.where(agreements_visible(scope)), *_conditions(filters, today)),
        bodies=lambda rows: bodies(session, rows, today),
    )


async def nested_items(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> tuple[dict[Any, list[Any]], dict[Any, list[Any]], dict[Any, list[Any]]]:
    schools: dict[Any, list[Any]] = defaultdict(list)
    services: dict[Any, list[Any]] = defaultdict(list)
    resources: dict[Any, list[Any]] = defaultdict(list)
    if not ids:
        return schools, services, resources
    for agreement_id, school_id in await session.execute(
        select(AgreementSchool.agreement_id, AgreementSchool.school_id)
        .where(AgreementSchool.agreement_id.in_(ids))
        .order_by(AgreementSchool.school_id)
    ):
        schools[agreement_id].append(school_id)
    service_columns = [
        AgreementService.id,
        *(getattr(AgreementService, n) for n in children.SERVICE_FIELDS),
    ]
    for row in (
        await session.execute(
            select(AgreementService.agreement_id, *service_columns)
            .where(AgreementService.agreement_id.in_(ids))
            .order_by(AgreementService.position)
        )
    ).mappings():
        services[row["agreement_id"]].append({k: row[k] for k in ("id", *children.SERVICE_FIELDS)})
    resource_columns = [
        AgreementResource.id,
        *(getattr(AgreementResource, n) for n in children.RESOURCE_FIELDS),
    ]
    for row in (
        await session.execute(
            select(AgreementResource.agreement_id, *resource_columns)
            .where(AgreementResource.agreement_id.in_(ids))
            .order_by(AgreementResource.position)
        )
    ).mappings():
        resources[row["agreement_id"]].append(
            {k: row[k] for k in ("id", *children.RESOURCE_FIELDS)}
        )
    return schools, services, resources


def _body(
    row: Mapping[str, Any],
    school_ids: list[Any],
    services: list[Any],
    resources: list[Any],
    today: dt.date,
) -> dict[str, Any]:
    status = AgreementStatus(row["effective_status"])
    body = {name: row[name] for name in ("id", "created_at", "updated_at", "version", *SCALARS)}
    return body | {
        "school_ids": school_ids,
        "district_wide": row["district_wide"],
        "status": status,
        "status_reason": row["status_reason"],
        "status_changed_at": row["status_changed_at"],
        "terminated_on": row["terminated_on"],
        "renews_id": row["renews_id"],
        "renewed_by_id": row["renewed_by_id"],
        "communication_plan": {name: row[name] for name in PLAN},
        "services": services,
        "resources": resources,
        "allowed_actions": lifecycle.allowed_actions(status),
        "health": health.health_body(row, today),
    }


async def bodies(
    session: AsyncSession, rows: Sequence[Mapping[str, Any]], today: dt.date
) -> list[dict[str, Any]]:
    """Response bodies for agreement rows, with their nested lists in three queries."""
    schools, services, resources = await nested_items(session, [row["id"] for row in rows])
    return [
        _body(row, schools[row["id"]], services[row["id"]], resources[row["id"]], today)
        for row in rows
    ]


async def read_agreement(
    session: AsyncSession, scope: Scope, agreement_id: uuid.UUID, today: dt.date
) -> dict[str, Any]:
    agreements = listed(session, scope, AgreementFilters(), today)
    return await agreements.one(session, agreement_id, "agreement")


async def get_agreement(session: AsyncSession, scope: Scope, agreement_id: uuid.UUID) -> Agreement:
    return await get_record(session, Agreement, agreement_id, agreements_visible(scope))


async def get_writable_agreement(
    session: AsyncSession, scope: Scope, agreement_id: uuid.UUID
) -> Agreement:
    """404 outside what the caller sees; 403 for what they see but may not change."""
    agreement = await get_agreement(session, scope, agreement_id)
    if not scope.everything:
        await check_writable(
            session,
            Agreement,
            agreement_id,
            agreements_writable(scope),
            "You can read this agreement but not change it: it is a district-wide "
            "agreement, changed by the district's managers and the partner.",
        )
    return agreement


def status_of(agreement: Agreement, today: dt.date) -> AgreementStatus:
    return lifecycle.effective_status(agreement.status, agreement.end_date, today)


def place_for(
    partner_id: uuid.UUID,
    district_id: uuid.UUID,
    school_ids: Sequence[uuid.UUID],
    before: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Where an agreement's events belong in the feed: its partner, its district and each
    school it names, or with none every school of its district.

    The event row names the first school, `event_places` every one. With `before` (the
    place until this change) the event also reaches those the agreement leaves.
    """
    schools = sorted(school_ids, key=str)
    places = {Place(partner_id=partner_id)}
    places |= {Place(district_id, school_id) for school_id in schools} or {Place(district_id)}
    if before is not None:
        places |= set(before["places"])
    return {
        "partner_id": partner_id,
        "district_id": district_id,
        "school_id": schools[0] if schools else None,
        "places": tuple(sorted(places, key=Place.key)),
    }


async def place_of(session: AsyncSession, agreement: Agreement) -> dict[str, Any]:
    school_ids = await children.school_ids_of(session, agreement.id)
    return place_for(agreement.partner_id, agreement.district_id, school_ids)
