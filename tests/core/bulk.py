"""Reading a bulk answer and the events it wrote, with ids named by the test."""

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import Event


class Names(dict[uuid.UUID, str]):
    """Names the test gave its records; a record made by the batch is named on first sight."""

    def __init__(self, known: Mapping[uuid.UUID, str]) -> None:
        super().__init__(known)
        self.made = 0

    def of(self, value: Any) -> str:
        key = uuid.UUID(str(value))
        if key not in self:
            self.made += 1
            self[key] = f"new{self.made}"
        return self[key]


def _name(names: Names, value: Any) -> Any:
    return None if value is None else names.of(value)


def answers(result: dict[str, Any], names: Names) -> list[tuple[Any, ...]]:
    """(status, record, version, [(loc, type)]) for each row, in order."""
    rows = []
    for index, row in enumerate(result["results"]):
        assert row["index"] == index
        errors = [(tuple(e["loc"]), e["type"]) for e in row["errors"] or []]
        rows.append((row["status"], _name(names, row["id"]), row["version"], errors))
    return rows


async def events_after(session: AsyncSession, seq: int, names: Names) -> list[tuple[Any, ...]]:
    """(operation, record, version, changed fields, district, school, partner) in log order."""
    events = (await session.scalars(select(Event).where(Event.seq > seq).order_by(Event.seq))).all()
    return [
        (
            event.operation,
            _name(names, event.resource_id),
            event.version,
            sorted(event.changes or {}),
            _name(names, event.district_id),
            _name(names, event.school_id),
            _name(names, event.partner_id),
        )
        for event in events
    ]


async def last_seq(session: AsyncSession) -> int:
    return int(await session.scalar(select(Event.seq).order_by(Event.seq.desc()).limit(1)) or 0)
