"""One school's year on a page: its profile and key contacts, its goals with their
progress and the partners aligned to each, and the gaps."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import NotFound
from api.core.scope import Scope
from api.directory.schemas import SchoolRead
from api.directory.service.school_detail import get_school_detail
from api.goals.models import Alignment, Goal
from api.goals.progress import Reading, SmartFields, progress_of
from api.goals.service.goal_coverage import covered
from api.goals.vocabulary import GoalStatus
from api.partners.models import Agreement, AgreementService, Partner
from api.partners.service.health import effective_status, live

GOAL_FIELDS = (
    "id",
    "title",
    "description",
    "area",
    "priority",
    "status",
    "metric",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "partner_ask",
    "asked_services",
)
PROGRESS_FIELDS = (
    "progress",
    "progress_reason",
    "on_track",
    "on_track_reason",
    "latest",
    "last_measured_on",
    "days_to_target",
)
SCHOOL_FIELDS = tuple(SchoolRead.model_fields)


async def _goals(
    session: AsyncSession, school_id: uuid.UUID, school_year: str, today: dt.date
) -> list[dict[str, Any]]:
    stmt = (
        select(
            *(Goal.__table__.c[name] for name in GOAL_FIELDS),
            Goal.latest_value,
            Goal.last_measured_on,
            case((covered(today), True), else_=False).label("covered"),
        )
        .where(Goal.school_id == school_id, Goal.school_year == school_year)
        .order_by(case((Goal.priority.is_(None), 1), else_=0), Goal.priority, Goal.title, Goal.id)
    )
    return [_with_progress(dict(row), today) for row in (await session.execute(stmt)).mappings()]


def _with_progress(goal: dict[str, Any], today: dt.date) -> dict[str, Any]:
    smart = SmartFields(
        goal["direction"],
        goal["baseline_value"],
        goal["baseline_date"],
        goal["target_value"],
        goal["target_date"],
    )
    latest_value, measured_on = goal.pop("latest_value"), goal.pop("last_measured_on")
    reading = (
        Reading(measured_on, latest_value) if measured_on and latest_value is not None else None
    )
    figures = progress_of(smart, reading, today)
    goal["covered"] = bool(goal["covered"])
    goal["asked_services"] = list(goal["asked_services"] or [])
    return goal | {name: getattr(figures, name) for name in PROGRESS_FIELDS}


async def _aligned(
    session: AsyncSession, goal_ids: list[uuid.UUID], today: dt.date
) -> list[dict[str, Any]]:
    if not goal_ids:
        return []
    stmt = (
        select(
            Alignment.goal_id,
            Agreement.id.label("agreement_id"),
            Agreement.title,
            Partner.id.label("partner_id"),
            Partner.name.label("partner_name"),
            effective_status(today).label("status"),
            Agreement.end_date,
            case((live(today), True), else_=False).label("active"),
            Alignment.strength,
            AgreementService.category.label("service_category"),
            Alignment.contribution,
        )
        .join(Agreement, Agreement.id == Alignment.agreement_id)
        .join(Partner, Partner.id == Agreement.partner_id)
        .outerjoin(AgreementService, AgreementService.id == Alignment.service_id)
        .where(Alignment.goal_id.in_(goal_ids))
        .order_by(Alignment.strength, Partner.name, Agreement.title, Agreement.id)
    )
    return [dict(row) for row in (await session.execute(stmt)).mappings()]


def _contact(contact: dict[str, Any], today: dt.date) -> dict[str, Any]:
    verified = contact["verified_at"]
    days = (today - verified.date()).days if verified is not None else None
    return contact | {"days_since_verified": days}


def _partners(aligned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    goals: dict[uuid.UUID, set[uuid.UUID]] = {}
    names: dict[uuid.UUID, str] = {}
    for row in aligned:
        goals.setdefault(row["partner_id"], set()).add(row["goal_id"])
        names[row["partner_id"]] = row["partner_name"]
    return sorted(
        (
            {"partner_id": partner, "name": names[partner], "goals": len(ids)}
            for partner, ids in goals.items()
        ),
        key=lambda p: (-p["goals"], p["name"]),
    )


async def school_summary(
    session: AsyncSession, scope: Scope, school_id: uuid.UUID, school_year: str, today: dt.date
) -> dict[str, Any]:
    detail = await get_school_detail(await session.connection(), scope, school_id, today)
    if detail is None:
        raise NotFound(f"No school with id {school_id}.")
    goals = await _goals(session, school_id, school_year, today)
    aligned = await _aligned(session, [goal["id"] for goal in goals], today)
    by_goal: dict[uuid.UUID, list[dict[str, Any]]] = {goal["id"]: [] for goal in goals}
    for row in aligned:
        by_goal[row["goal_id"]].append({k: v for k, v in row.items() if k != "goal_id"})
    contacts = detail.pop("key_contacts")
    return {
        "as_of": today,
        "school_year": school_year,
        "version": detail["version"],
        "school": {name: detail[name] for name in SCHOOL_FIELDS} | {"district": detail["district"]},
        "key_contacts": [_contact(contact, today) for contact in contacts],
        "goals": [goal | {"aligned": by_goal[goal["id"]]} for goal in goals],
        "gaps": [
            {
                "goal_id": goal["id"],
                **{
                    k: goal[k]
                    for k in ("title", "area", "priority", "partner_ask", "asked_services")
                },
            }
            for goal in goals
            if goal["status"] == GoalStatus.active and not goal["covered"]
        ],
        "partners": _partners(aligned),
    }
