"""The partners benchmark's generated data: districts and schools when the directory
benchmark has none, then partners, agreements, interactions and action items, written
with COPY from a fixed seed."""

import datetime as dt
import json
import random
from typing import Any

import asyncpg
from uuid_utils.compat import uuid7

from api.partners.vocabulary import (
    CADENCE_DAYS,
    InteractionKind,
    PartnerKind,
    ResourceType,
    ServiceCategory,
)

SCHOOLS, PARTNERS, AGREEMENTS, INTERACTIONS = 100_000, 5_000, 50_000, 500_000
TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)


async def generate_directory(target: asyncpg.Connection) -> None:
    rng = random.Random(1)
    # Real districts are mostly tiny with a few very large ones.
    sizes = [max(1, int(rng.paretovariate(1.1))) for _ in range(20_000)]
    districts: list[tuple[Any, ...]] = []
    schools: list[tuple[Any, ...]] = []
    left = SCHOOLS
    for n, size in enumerate(sizes):
        if left <= 0:
            break
        district_id = uuid7()
        districts.append((district_id, f"District {n}", "CA", NOW, NOW, 1))
        for _ in range(min(size, left)):
            schools.append(
                (
                    uuid7(),
                    f"School {len(schools)}",
                    district_id,
                    "elementary",
                    "CA",
                    "open",
                    NOW,
                    NOW,
                    1,
                )
            )
        left -= size
    await target.copy_records_to_table(
        "districts",
        records=districts,
        columns=["id", "name", "state", "created_at", "updated_at", "version"],
    )
    await target.copy_records_to_table(
        "schools",
        records=schools,
        columns=[
            "id",
            "name",
            "district_id",
            "level",
            "state",
            "status",
            "created_at",
            "updated_at",
            "version",
        ],
    )


async def generate_partnerships(target: asyncpg.Connection, seed: int) -> None:
    rng = random.Random(seed)
    schools = await target.fetch("SELECT id, district_id FROM schools")
    by_district: dict[Any, list[Any]] = {}
    for row in schools:
        by_district.setdefault(row["district_id"], []).append(row["id"])
    categories = [c.value for c in ServiceCategory]
    partners = [
        (
            uuid7(),
            f"Partner {n:05d}",
            rng.choice(list(PartnerKind)).value,
            json.dumps(rng.sample(categories, rng.randint(1, 3))),
            rng.choices(["active", "prospective", "inactive"], [8, 1, 1])[0],
            NOW,
            NOW,
            1,
        )
        for n in range(PARTNERS)
    ]
    await _copy(target, "partners", PARTNER_COLUMNS, partners)
    # A few partners (City Year, Boys & Girls Clubs) hold many agreements; most a few.
    partner_ids = [row[0] for row in partners]
    partner_weights = [1 / (n + 1) ** 0.8 for n in range(PARTNERS)]
    statuses = ["draft", "proposed", "active", "terminated", "withdrawn"]
    cadences = [c.value for c in CADENCE_DAYS] + [None]
    agreements, links, services, resources, spans = [], [], [], [], []
    for n in range(AGREEMENTS):
        agreement_id = uuid7()
        status = rng.choices(statuses, [8, 5, 62, 15, 10])[0]
        end = TODAY + dt.timedelta(days=rng.randint(-365, 730))
        start = end - dt.timedelta(days=rng.choice([180, 365, 730]))
        # Agreements land where the schools are: big districts hold many.
        district = rng.choice(schools)["district_id"]
        district_wide = rng.random() < 0.04
        if not district_wide:
            pool = by_district[district]
            named = rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2, 3])))
            links += [(agreement_id, school_id) for school_id in named]
        items = [
            (uuid7(), agreement_id, position, rng.choice(categories), "[]", rng.randint(0, 200))
            for position in range(rng.randint(1, 3))
        ]
        services += items
        totals = dict.fromkeys(ResourceType, 0.0)
        for position in range(rng.randint(0, 2)):
            kind = rng.choice(list(ResourceType))
            amount = round(rng.uniform(100, 50_000), 2)
            totals[kind] += amount
            unit = "USD" if kind in (ResourceType.funding, ResourceType.in_kind) else "hours"
            resources.append((uuid7(), agreement_id, position, kind.value, amount, unit))
        agreements.append(
            (
                agreement_id,
                rng.choices(partner_ids, partner_weights)[0],
                district,
                district_wide,
                f"Agreement {n:05d}",
                status,
                start,
                end,
                rng.choice(cadences),
                "[]",
                end if status == "terminated" else None,
                sum(item[5] for item in items),
                *(round(totals[kind], 2) for kind in ResourceType),
                NOW,
                NOW,
                1,
            )
        )
        spans.append((agreement_id, start, min(end, TODAY)))
    await _copy(target, "agreements", AGREEMENT_COLUMNS, agreements)
    await _copy(target, "agreement_schools", ["agreement_id", "school_id"], links)
    await _copy(
        target,
        "agreement_services",
        ["id", "agreement_id", "position", "category", "grade_levels", "target_students"],
        services,
    )
    await _copy(
        target,
        "agreement_resources",
        ["id", "agreement_id", "position", "type", "amount", "unit"],
        resources,
    )
    kinds = [k.value for k in InteractionKind]
    interactions, items_due = [], []
    for _ in range(INTERACTIONS):
        agreement_id, start, last = rng.choice(spans)
        span = max(0, (last - start).days)
        occurred = min(start + dt.timedelta(days=rng.randint(0, span)), TODAY)
        interaction_id = uuid7()
        interactions.append(
            (interaction_id, agreement_id, occurred, rng.choice(kinds), "[]", NOW, NOW, 1)
        )
        if rng.random() < 0.5:
            due = occurred + dt.timedelta(days=rng.randint(3, 30))
            done = rng.random() < 0.6
            items_due.append(
                (uuid7(), interaction_id, agreement_id, 0, "Follow up", due, done, NOW, NOW, 1)
            )
    await _copy(target, "interactions", INTERACTION_COLUMNS, interactions)
    await _copy(target, "action_items", ACTION_ITEM_COLUMNS, items_due)
    # What the interactions service keeps in the writing transaction.
    await target.execute(
        "UPDATE agreements a SET last_interaction_on = m.last "
        "FROM (SELECT agreement_id, max(occurred_on) AS last FROM interactions GROUP BY 1) m "
        "WHERE a.id = m.agreement_id"
    )


PARTNER_COLUMNS = [
    "id",
    "name",
    "kind",
    "focus_areas",
    "status",
    "created_at",
    "updated_at",
    "version",
]


AGREEMENT_COLUMNS = [
    "id",
    "partner_id",
    "district_id",
    "district_wide",
    "title",
    "status",
    "start_date",
    "end_date",
    "cadence",
    "channels",
    "terminated_on",
    "students_target",
    "funding_usd",
    "in_kind_usd",
    "volunteer_hours",
    "staff_hours",
    "created_at",
    "updated_at",
    "version",
]


INTERACTION_COLUMNS = [
    "id",
    "agreement_id",
    "occurred_on",
    "kind",
    "decisions",
    "created_at",
    "updated_at",
    "version",
]


ACTION_ITEM_COLUMNS = [
    "id",
    "interaction_id",
    "agreement_id",
    "position",
    "text",
    "due_date",
    "done",
    "created_at",
    "updated_at",
    "version",
]


async def _copy(
    target: asyncpg.Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    await target.copy_records_to_table(table, records=rows, columns=columns)
