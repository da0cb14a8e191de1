"""The schools and districts a file's rows may name, read once per import.

Lookups by id are exact; a name is compared normalised (see `cells.normalised`) and must
name exactly one school or district, else the row is reported, never guessed. Only
records in the caller's scope are read, so a row naming one outside it reads as unknown.
"""

import uuid
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.directory import districts_in_scope, schools_in_scope
from api.core.scope import Scope
from api.directory.models import District, School
from api.integrations.spreadsheets.cells import normalised

CHUNK = 5000


@dataclass(frozen=True)
class Place:
    kind: Literal["school", "district"]
    id: uuid.UUID
    district_id: uuid.UUID
    name: str
    city: str | None = None


class NotPlaced(Exception):
    """Why a row names no school or district the directory has, in words for its author."""


@dataclass
class Index:
    """Places by NCES id, by state id and by normalised name."""

    by_nces: dict[str, Place] = field(default_factory=dict)
    by_state_id: dict[str, Place] = field(default_factory=dict)
    by_name: dict[str, list[Place]] = field(default_factory=dict)

    def add(self, place: Place, nces: str | None, state_id: str | None) -> None:
        if nces:
            self.by_nces[nces] = place
        if state_id:
            self.by_state_id[state_id] = place
        self.by_name.setdefault(normalised(place.name), []).append(place)

    def named(self, name: str) -> list[Place]:
        return self.by_name.get(normalised(name), [])


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


async def _read(
    session: AsyncSession,
    columns: Sequence[Any],
    scoped: ColumnElement[bool],
    keys: Sequence[tuple[Any, Collection[str]]],
    by_name: ColumnElement[bool] | None,
) -> list[Any]:
    rows: dict[uuid.UUID, Any] = {}
    for column, values in keys:
        for chunk in _chunks(values):
            for row in await session.execute(select(*columns).where(scoped, column.in_(chunk))):
                rows[row.id] = row
    if by_name is not None:
        for row in await session.execute(select(*columns).where(scoped, by_name)):
            rows[row.id] = row
    return list(rows.values())


@dataclass(frozen=True)
class Wanted:
    """The ids a file names, and whether it names places by name (in `state`, if given)."""

    nces: Collection[str] = ()
    state_ids: Collection[str] = ()
    by_name: bool = False
    state: str | None = None


async def load(
    session: AsyncSession, scope: Scope, kind: Literal["school", "district"], wanted: Wanted
) -> Index:
    model: Any = School if kind == "school" else District
    nces, state_id = (
        (School.nces_id, School.state_school_id)
        if kind == "school"
        else (District.nces_leaid, District.state_district_id)
    )
    in_scope = schools_in_scope(scope) if kind == "school" else districts_in_scope(scope)
    district = School.district_id if kind == "school" else District.id
    columns = [
        model.id,
        model.name,
        model.city,
        district.label("district_id"),
        nces.label("nces"),
        state_id.label("state_id"),
    ]
    named = (model.state == wanted.state) if wanted.state else in_scope
    rows = await _read(
        session,
        columns,
        in_scope,
        [(nces, wanted.nces), (state_id, wanted.state_ids)],
        named if wanted.by_name else None,
    )
    index = Index()
    for row in rows:
        index.add(Place(kind, row.id, row.district_id, row.name, row.city), row.nces, row.state_id)
    return index


def one(places: list[Place], what: str) -> Place:
    if not places:
        raise NotPlaced(f"the directory has no {what}")
    if len(places) > 1:
        raise NotPlaced(f"the directory has {len(places)} of {what}; give an id instead")
    return places[0]
