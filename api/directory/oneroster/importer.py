"""Import a OneRoster zip into districts, schools, people and role assignments.

Orgs go first (districts, then schools under the district their parent chain names),
then staff users as people (their `sourcedId` is the person's `sis_id`), then their
roles as role assignments at the school or district of the role's org. Everything is
written through `api.core.bulk`, in sets; a wrong row anywhere refuses the whole
import with every wrong line named, and the caller's transaction is rolled back.

Bulk and delta files are read alike: a record a file leaves out is left as it is.
`tobedeleted` closes a school, makes a person inactive and ends a role today.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.bulk import BulkRows, bulk_upsert
from api.core.db import utcnow
from api.core.errors import Forbidden, Unprocessable
from api.core.schemas import BulkResult
from api.core.scope import Scope
from api.directory.models import District, Person, School
from api.directory.oneroster.archive import read_members
from api.directory.oneroster.files import OneRosterFiles, Row, read_files
from api.directory.oneroster.report import Counts, ImportSummary, Issue, rejected
from api.directory.oneroster.rows import (
    DistrictOrgRows,
    SchoolOrgRows,
    UserPersonRows,
    UserRoleRows,
)
from api.directory.oneroster.vocabulary import (
    NOT_STAFF,
    STORED_ORG_TYPES,
    district_identifier,
    parse_bool,
    parse_date,
    parse_modified,
    school_identifier,
    staff_role,
)

CHUNK = 5000
DELETED = "tobedeleted"
Progress = Callable[[str, int, int], None]
"""Told (stage, rows done, rows in the stage) as an import goes."""
Place = tuple[str, uuid.UUID]  # ("school" | "district", id)


@dataclass(frozen=True)
class Target:
    """Where parentless schools go, and the one district a district manager imports into."""

    district_id: uuid.UUID | None = None
    state: str | None = None


async def import_oneroster(
    session: AsyncSession,
    scope: Scope,
    data: bytes,
    target: Target = Target(),
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the zip in the session's transaction (the caller commits), or raise a 422
    naming every wrong line; nothing is then to be committed."""
    target = await _checked_target(session, scope, target)
    files = read_files(read_members(data))
    run = _Run(session, scope, files, target, progress)
    await run.orgs()
    await run.users()
    await run.roles()
    if run.issues:
        raise rejected(run.issues)
    return run.summary


async def _checked_target(session: AsyncSession, scope: Scope, target: Target) -> Target:
    district_id = target.district_id
    if district_id is None and not scope.everything:
        if len(scope.district_ids) != 1:
            raise _field("district_id", "name the district you import into")
        district_id = next(iter(scope.district_ids))
    if district_id is None:
        return target
    if not scope.everything and district_id not in scope.district_ids:
        raise Forbidden("You can import only into a district you manage.")
    state = await session.scalar(select(District.state).where(District.id == district_id))
    if state is None:
        raise _field("district_id", f"no district with id {district_id}")
    return Target(district_id, target.state or state)


def _field(name: str, message: str) -> Unprocessable:
    return Unprocessable(
        f"{name}: {message}.", errors=[{"loc": ["query", name], "msg": message, "type": "value"}]
    )


@dataclass
class _Org:
    row: Row
    sourced_id: str
    kind: str
    parent: str | None


@dataclass
class _Role:
    file: str
    line: int
    sourced_id: str
    user: str
    org: str
    role: str
    values: dict[str, Any] = field(default_factory=dict)


class _Run:
    def __init__(
        self,
        session: AsyncSession,
        scope: Scope,
        files: OneRosterFiles,
        target: Target,
        progress: Progress | None,
    ) -> None:
        self.session, self.scope, self.files, self.target = session, scope, files, target
        self.progress = progress
        self.today = utcnow().date()
        self.issues: list[Issue] = []
        self.summary = ImportSummary(
            oneroster_version=files.version, modes={k: str(v) for k, v in files.modes.items()}
        )
        self.orgs_in_file: dict[str, _Org] = {}
        self.places: dict[str, Place] = {}  # org sourcedId -> stored school or district
        self.school_districts: dict[uuid.UUID, uuid.UUID] = {}
        self.people: dict[str, uuid.UUID] = {}  # user sourcedId -> person
        self.user_roles: list[_Role] = []
        self.deleted_users: set[str] = set()
        self.failed_users: set[str] = set()

    # Orgs

    async def orgs(self) -> None:
        for row in self.files.of("orgs"):
            sourced_id, kind = row.get("sourcedId"), (row.get("type") or "").strip()
            if sourced_id is None:
                self._issue("orgs.csv", row.line, "sourcedId is empty")
                continue
            self.orgs_in_file[sourced_id] = _Org(row, sourced_id, kind, row.get("parentSourcedId"))
        await self._load_stored_orgs()
        await self._districts()
        await self._schools()
        self.summary.skipped.orgs = sum(
            org.kind not in STORED_ORG_TYPES for org in self.orgs_in_file.values()
        )

    async def _load_stored_orgs(self) -> None:
        """The stored districts and schools the file's orgs and roles name."""
        named = set(self.orgs_in_file) | {
            org.parent for org in self.orgs_in_file.values() if org.parent
        }
        named |= {sid for row in self.files.of("roles") if (sid := row.get("orgSourcedId"))}
        for row in self.files.of("users"):
            named |= set(_split(row.get("orgSourcedIds")))
        for chunk in _chunks(sorted(named)):
            districts = await self.session.execute(
                select(District.oneroster_id, District.id).where(District.oneroster_id.in_(chunk))
            )
            self.places |= {sid: ("district", did) for sid, did in districts if sid}
            schools = await self.session.execute(
                select(School.oneroster_id, School.id, School.district_id).where(
                    School.oneroster_id.in_(chunk)
                )
            )
            for sid, school_id, district_id in schools:
                self.places[str(sid)] = ("school", school_id)
                self.school_districts[school_id] = district_id

    async def _districts(self) -> None:
        found = [org for org in self.orgs_in_file.values() if org.kind == "district"]
        live = []
        for org in found:
            if org.row.get("status") == DELETED:
                self.summary.skipped.deleted_districts += 1
            else:
                live.append(org)
        if self.target.district_id is not None and len(live) > 1:
            for org in live[1:]:
                self._issue(
                    "orgs.csv", org.row.line, "with district_id the file may hold one district org"
                )
            live = live[:1]
        raw = []
        for org in live:
            values = self._keyed("orgs.csv", org.row) | {
                "name": org.row.get("name"),
                "state": self.target.state,
            }
            if self.target.district_id is not None:
                values["id"] = self.target.district_id
            if (identifier := org.row.get("identifier")) is not None:
                values |= district_identifier(identifier)
            raw.append((org.row.line, values))
        ids = await self._upsert(
            "districts", "orgs.csv", raw, DistrictOrgRows(self.scope), self.summary.districts
        )
        for org, district_id in zip(live, ids, strict=True):
            if district_id is not None:
                self.places[org.sourced_id] = ("district", district_id)

    async def _schools(self) -> None:
        schools = [org for org in self.orgs_in_file.values() if org.kind == "school"]
        raw = []
        placed = []
        for org in schools:
            district_id = self._district_above(org.parent, {org.sourced_id})
            if district_id is None:
                self._issue("orgs.csv", org.row.line, self._no_district(org))
                continue
            values = self._keyed("orgs.csv", org.row) | {
                "name": org.row.get("name"),
                "district_id": district_id,
            }
            if (identifier := org.row.get("identifier")) is not None:
                values |= school_identifier(identifier)
            if org.row.get("status") == DELETED:
                values["status"] = "closed"
            raw.append((org.row.line, values))
            placed.append(org)
        ids = await self._upsert(
            "schools", "orgs.csv", raw, SchoolOrgRows(self.scope), self.summary.schools
        )
        for org, (_, values), school_id in zip(placed, raw, ids, strict=True):
            if school_id is not None:
                self.places[org.sourced_id] = ("school", school_id)
                self.school_districts[school_id] = values["district_id"]

    def _no_district(self, org: _Org) -> str:
        if org.parent:
            return (
                f"its parent {org.parent} leads to no district in the file or the directory; "
                "import with district_id to place it"
            )
        return "it has no parent district; import with district_id to place it"

    def _district_above(self, sourced_id: str | None, seen: set[str]) -> uuid.UUID | None:
        """The district an org's parent chain reaches, else the target district."""
        while sourced_id is not None and sourced_id not in seen:
            seen.add(sourced_id)
            org = self.orgs_in_file.get(sourced_id)
            if org is not None and org.kind == "district":
                place = self.places.get(sourced_id)
                return place[1] if place else None
            if org is None:
                place = self.places.get(sourced_id)
                if place is None:
                    break
                kind, record_id = place
                return record_id if kind == "district" else self.school_districts[record_id]
            sourced_id = org.parent
        return self.target.district_id

    def _place_of(self, sourced_id: str) -> Place | None:
        """Where a role at an org is held: the org itself when stored, else the nearest
        school or district above it, else the target district."""
        seen: set[str] = set()
        current: str | None = sourced_id
        while current is not None and current not in seen:
            seen.add(current)
            if current in self.places:
                return self.places[current]
            org = self.orgs_in_file.get(current)
            if org is None or org.kind in STORED_ORG_TYPES:
                break  # unknown, or stored nowhere because its own row was wrong
            current = org.parent
        org = self.orgs_in_file.get(sourced_id)
        if org and org.kind not in STORED_ORG_TYPES and self.target.district_id is not None:
            return ("district", self.target.district_id)
        return None

    # Users

    async def users(self) -> None:
        roles = self._roles()
        by_user: dict[str, list[_Role]] = {}
        for role in roles:
            by_user.setdefault(role.user, []).append(role)
        users = self.files.of("users")
        stored = await self._stored_people([sid for row in users if (sid := row.get("sourcedId"))])
        raw = []
        kept: list[str] = []
        for row in users:
            sourced_id = row.get("sourcedId")
            if sourced_id is None:
                self._issue("users.csv", row.line, "sourcedId is empty")
                continue
            held = by_user.get(sourced_id, [])
            if held and all(role.role in NOT_STAFF for role in held):
                self.summary.skipped.learners += 1
                continue
            if not held and sourced_id not in stored:
                self.summary.skipped.users_without_roles += 1
                continue
            values = self._person(row)
            if values is None:
                self.failed_users.add(sourced_id)
            else:
                raw.append((row.line, values | {"sis_id": sourced_id}))
                kept.append(sourced_id)
        ids = await self._upsert(
            "people", "users.csv", raw, UserPersonRows(self.scope), self.summary.people
        )
        self.people |= stored
        for sourced_id, person_id in zip(kept, ids, strict=True):
            if person_id is None:
                self.failed_users.add(sourced_id)
            else:
                self.people[sourced_id] = person_id
        self.user_roles = roles

    def _person(self, row: Row) -> dict[str, Any] | None:
        try:
            enabled = parse_bool("enabledUser", row.get("enabledUser"), True)
        except ValueError as error:
            self._issue("users.csv", row.line, str(error))
            return None
        deleted = row.get("status") == DELETED
        if deleted:
            self.deleted_users.add(row.values["sourcedId"].strip())
        return self._keyed("users.csv", row, key=None) | {
            "given_name": row.get("givenName"),
            "family_name": row.get("familyName"),
            "email": row.get("email"),
            "phone": row.get("phone"),
            "is_active": enabled and not deleted,
        }

    async def _stored_people(self, sourced_ids: Sequence[str]) -> dict[str, uuid.UUID]:
        found: dict[str, uuid.UUID] = {}
        for chunk in _chunks(sourced_ids):
            rows = await self.session.execute(
                select(Person.sis_id, Person.id).where(Person.sis_id.in_(chunk))
            )
            found |= {sid: pid for sid, pid in rows if sid}
        return found

    def _roles(self) -> list[_Role]:
        if self.files.version == "1.1":
            return self._roles_of_users()
        roles = []
        for row in self.files.of("roles"):
            sourced_id, user, org, role = (
                row.get(name) for name in ("sourcedId", "userSourcedId", "orgSourcedId", "role")
            )
            if not (sourced_id and user and org and role):
                self._issue(
                    "roles.csv",
                    row.line,
                    "sourcedId, userSourcedId, orgSourcedId and role are needed",
                )
                continue
            try:
                values = {
                    "start_date": parse_date("beginDate", row.get("beginDate")),
                    "end_date": parse_date("endDate", row.get("endDate")),
                    "is_primary": row.get("roleType") == "primary",
                    "deleted": row.get("status") == DELETED,
                } | self._keyed("roles.csv", row, key=None, raising=True)
            except ValueError as error:
                self._issue("roles.csv", row.line, str(error))
                continue
            roles.append(_Role("roles.csv", row.line, sourced_id, user, org, role, values))
        return roles

    def _roles_of_users(self) -> list[_Role]:
        """OneRoster 1.1: one role per user, held at each of its orgs."""
        roles = []
        for row in self.files.of("users"):
            user, role = row.get("sourcedId"), row.get("role")
            if not (user and role):
                self._issue("users.csv", row.line, "sourcedId and role are needed")
                continue
            orgs = _split(row.get("orgSourcedIds"))
            if not orgs and role not in NOT_STAFF:
                self._issue("users.csv", row.line, "orgSourcedIds is empty")
            try:
                keyed = self._keyed("users.csv", row, key=None, raising=True)
            except ValueError:
                continue  # told once, for the person
            for index, org in enumerate(orgs):
                values = keyed | {"is_primary": index == 0, "deleted": row.get("status") == DELETED}
                roles.append(_Role("users.csv", row.line, f"{user}@{org}", user, org, role, values))
        return roles

    # Roles

    async def roles(self) -> None:
        raw = []
        for role in self.user_roles:
            if role.role in NOT_STAFF:
                self.summary.skipped.learner_roles += role.file == "roles.csv"
                continue
            person_id = self.people.get(role.user)
            place = self._place_of(role.org)
            if person_id is None:
                if role.user not in self.failed_users:
                    self._issue(role.file, role.line, f"user {role.user} is not in the directory")
                continue
            if place is None:
                self._issue(role.file, role.line, f"org {role.org} is not in the directory")
                continue
            stored_role, title = staff_role(role.role)
            values = dict(role.values)
            deleted = values.pop("deleted") or role.user in self.deleted_users
            if deleted:
                values["end_date"] = self.today
            raw.append(
                (
                    role.line,
                    values
                    | {
                        "oneroster_id": role.sourced_id,
                        "person_id": person_id,
                        "school_id": place[1] if place[0] == "school" else None,
                        "district_id": place[1] if place[0] == "district" else None,
                        "role": stored_role,
                        "title": title,
                    },
                )
            )
        file = "roles.csv" if self.files.version == "1.2" else "users.csv"
        await self._upsert(
            "role_assignments", file, raw, UserRoleRows(self.scope), self.summary.role_assignments
        )

    # Shared

    def _keyed(
        self, file: str, row: Row, key: str | None = "sourcedId", raising: bool = False
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if key is not None:
            values["oneroster_id"] = row.get(key)
        try:
            values["oneroster_modified_at"] = parse_modified(row.get("dateLastModified"))
        except ValueError as error:
            if raising:
                raise
            self._issue(file, row.line, str(error))
        return values

    async def _upsert(
        self,
        stage: str,
        file: str,
        raw: list[tuple[int, dict[str, Any]]],
        rows: BulkRows[Any],
        counts: Counts,
    ) -> list[uuid.UUID | None]:
        """Write the rows in chunks; each row's record id (None when the row failed)."""
        ids: list[uuid.UUID | None] = []
        for start in range(0, len(raw), CHUNK):
            chunk = raw[start : start + CHUNK]
            result = await bulk_upsert(self.session, [v for _, v in chunk], rows, atomic=False)
            counts.add(result)
            ids += self._answers(file, chunk, result)
            if self.progress is not None:
                self.progress(stage, start + len(chunk), len(raw))
        return ids

    def _answers(
        self, file: str, chunk: list[tuple[int, dict[str, Any]]], result: BulkResult
    ) -> list[uuid.UUID | None]:
        ids: list[uuid.UUID | None] = []
        for (line, _), answer in zip(chunk, result.results, strict=True):
            for error in answer.errors or []:
                where = ".".join(str(part) for part in error["loc"] if part != "body")
                message = f"{where}: {error['msg']}" if where else error["msg"]
                self._issue(file, line, message)
            ids.append(answer.id if answer.status != "error" else None)
        return ids

    def _issue(self, file: str, line: int, message: str) -> None:
        self.issues.append(Issue(file, line, message))


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _chunks(values: Sequence[str], size: int = CHUNK) -> list[Sequence[str]]:
    return [values[start : start + size] for start in range(0, len(values), size)]
