"""Write the directory in a caller's scope as a OneRoster 1.2 CSV zip, streamed.

Districts and schools become orgs, people holding a role at one become users, and
those roles become roles.csv rows. A record keeps the `sourcedId` it was imported
with; one made in Trellis is written with its id. Values are written as stored:
OneRoster files go to machines, so no spreadsheet escaping is applied.
"""

import csv
import io
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.access.directory import (
    assignments_in_scope,
    districts_in_scope,
    people_in_scope,
    schools_in_scope,
)
from api.core.scope import Scope
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.oneroster.vocabulary import format_modified, oneroster_role

BATCH = 1000
ORGS = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"]
USERS = [
    "sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds",
    "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
    "agentSourcedIds", "grades", "password", "userMasterIdentifier", "preferredGivenName",
    "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
]  # fmt: skip
ROLES = [
    "sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role",
    "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId",
]  # fmt: skip
ABSENT = [
    "academicSessions", "categories", "classes", "classResources", "courses",
    "courseResources", "demographics", "enrollments", "lineItemLearningObjectiveIds",
    "lineItems", "lineItemScoreScales", "resources", "resultLearningObjectiveIds", "results",
    "resultScoreScales", "scoreScales", "userProfiles", "userResources",
]  # fmt: skip


class _Sink(io.RawIOBase):
    """What the zip writer writes, handed on in pieces as the response goes."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self.pieces = b"".join(self.pieces), []
        return data


def _line(values: Sequence[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(["" if v is None else v for v in values])
    return buffer.getvalue().encode()


def _key(oneroster_id: str | None, record_id: uuid.UUID) -> str:
    return oneroster_id or str(record_id)


def _modified(row: Any) -> str:
    return format_modified(row.oneroster_modified_at or row.updated_at)


async def oneroster_zip(
    sessionmaker: async_sessionmaker[AsyncSession], scope: Scope
) -> AsyncIterator[bytes]:
    """The zip, piece by piece, read in one transaction."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("manifest.csv", "w") as member:
            member.write(b"".join(_line(row) for row in _manifest()))
        yield sink.take()
        async with sessionmaker() as session:
            keys = await _org_keys(session, scope)
            people: dict[uuid.UUID, str] = {}
            for name, header, lines in (
                ("orgs.csv", ORGS, _orgs(session, scope, keys)),
                ("users.csv", USERS, _users(session, scope, people)),
                ("roles.csv", ROLES, _roles(session, scope, keys, people)),
            ):
                with archive.open(name, "w", force_zip64=True) as member:
                    member.write(_line(header))
                    async for chunk in lines:
                        member.write(chunk)
                        yield sink.take()
    yield sink.take()


def _manifest() -> Iterable[Sequence[str]]:
    yield ["propertyName", "value"]
    yield ["manifest.version", "1.0"]
    yield ["oneroster.version", "1.2"]
    yield from ([f"file.{name}", "absent"] for name in ABSENT)
    yield from ([f"file.{name}", "bulk"] for name in ("orgs", "users", "roles"))
    yield ["source.systemName", "Trellis"]
    yield ["source.systemCode", "trellis"]


async def _rows(session: AsyncSession, stmt: Select[Any]) -> AsyncIterator[Sequence[Any]]:
    result = await session.stream(stmt.execution_options(yield_per=BATCH))
    async for batch in result.partitions(BATCH):
        yield batch


async def _org_keys(session: AsyncSession, scope: Scope) -> dict[uuid.UUID, str]:
    """Every district's and school's sourcedId, for the rows that name them."""
    found = await session.execute(
        select(District.id, District.oneroster_id).where(districts_in_scope(scope))
    )
    keys = {row.id: _key(row.oneroster_id, row.id) for row in found}
    found = await session.execute(
        select(School.id, School.oneroster_id).where(schools_in_scope(scope))
    )
    return keys | {row.id: _key(row.oneroster_id, row.id) for row in found}


async def _orgs(
    session: AsyncSession, scope: Scope, keys: dict[uuid.UUID, str]
) -> AsyncIterator[bytes]:
    districts = select(District).where(districts_in_scope(scope)).order_by(District.id)
    async for batch in _rows(session, districts):
        yield b"".join(
            _line(
                [
                    keys[d.id],
                    "active",
                    _modified(d),
                    d.name,
                    "district",
                    d.nces_leaid or d.state_district_id,
                    None,
                ]
            )
            for (d,) in batch
        )
    schools = select(School).where(schools_in_scope(scope)).order_by(School.id)
    async for batch in _rows(session, schools):
        yield b"".join(
            _line(
                [
                    keys[s.id],
                    "tobedeleted" if s.status == "closed" else "active",
                    _modified(s),
                    s.name,
                    "school",
                    s.nces_id or s.state_school_id,
                    keys.get(s.district_id),
                ]
            )
            for (s,) in batch
        )


def _placed(scope: Scope) -> Any:
    return assignments_in_scope(scope) & RoleAssignment.partner_id.is_(None)


async def _users(
    session: AsyncSession, scope: Scope, people: dict[uuid.UUID, str]
) -> AsyncIterator[bytes]:
    """People holding a role at a school or district in scope (not partners' staff)."""
    placed = select(RoleAssignment.person_id).where(_placed(scope))
    stmt = (
        select(Person)
        .where(Person.id.in_(placed), people_in_scope(scope, Person.id))
        .order_by(Person.id)
    )
    async for batch in _rows(session, stmt):
        lines = []
        for (p,) in batch:
            key = people[p.id] = p.sis_id or str(p.id)
            row = dict.fromkeys(USERS) | {
                "sourcedId": key, "status": "active", "dateLastModified": _modified(p),
                "enabledUser": "true" if p.is_active else "false", "username": p.email or key,
                "givenName": p.given_name, "familyName": p.family_name, "email": p.email,
                "phone": p.phone,
            }  # fmt: skip
            lines.append(_line(list(row.values())))
        yield b"".join(lines)


async def _roles(
    session: AsyncSession, scope: Scope, keys: dict[uuid.UUID, str], people: dict[uuid.UUID, str]
) -> AsyncIterator[bytes]:
    stmt = select(RoleAssignment).where(_placed(scope)).order_by(RoleAssignment.id)
    async for batch in _rows(session, stmt):
        lines = []
        for (r,) in batch:
            org = keys.get(r.school_id or r.district_id)
            user = people.get(r.person_id)
            if org is None or user is None:
                continue
            lines.append(
                _line(
                    [
                        _key(r.oneroster_id, r.id),
                        "active",
                        _modified(r),
                        user,
                        "primary" if r.is_primary else "secondary",
                        oneroster_role(r.role, r.title),
                        r.start_date,
                        r.end_date,
                        org,
                        None,
                    ]
                )
            )
        yield b"".join(lines)
