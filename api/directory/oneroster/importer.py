"""Import a OneRoster zip into districts, schools, people and role assignments.

Orgs go first (districts, then schools under the district their parent chain names),
then staff users as people (their `sourcedId` is the person's `sis_id`), then their
roles as role assignments at the school or district of the role's org. Everything is
written through `api.core.bulk`, in sets; a wrong row anywhere refuses the whole
import with every wrong line named, and the caller's transaction is rolled back.

Bulk and delta files are read alike here: a record a file leaves out is left as it is
(an import job then deactivates what a bulk file leaves out, see
`api.integrations.imports.oneroster_bulk`). `tobedeleted` closes a school, makes a
person inactive and ends a role today.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.errors import Forbidden, Unprocessable
from api.core.scope import Scope
from api.directory.models import District, Person
from api.directory.oneroster.archive import read_members
from api.directory.oneroster.files import OneRosterFiles, Row, read_files
from api.directory.oneroster.org_places import FileOrg, OrgPlaces
from api.directory.oneroster.report import ImportSummary, rejected
from api.directory.oneroster.role_rows import DELETED, FileRole, ended_on, read_roles
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
    school_identifier,
    staff_role,
)
from api.directory.oneroster.writes import Lines, Progress, Writer, chunks


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
    if run.writer.issues:
        raise rejected(run.writer.issues)
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
        self.writer = Writer(session, progress)
        self.today = utcnow().date()
        self.summary = ImportSummary(
            oneroster_version=files.version, modes={k: str(v) for k, v in files.modes.items()}
        )
        self.orgs_found = OrgPlaces(target.district_id)
        self.people: dict[str, uuid.UUID] = {}  # user sourcedId -> person
        self.user_roles: list[FileRole] = []
        self.deleted_users: set[str] = set()
        self.failed_users: set[str] = set()

    # Orgs

    async def orgs(self) -> None:
        found = self.orgs_found
        for row in self.files.of("orgs"):
            sourced_id, kind = row.get("sourcedId"), (row.get("type") or "").strip()
            if sourced_id is None:
                self.writer.issue("orgs.csv", row.line, "sourcedId is empty")
                continue
            found.in_file[sourced_id] = FileOrg(row, sourced_id, kind, row.get("parentSourcedId"))
        await found.load_stored(self.session, self.files)
        await self._districts()
        await self._schools()
        self.summary.skipped.orgs = sum(
            org.kind not in STORED_ORG_TYPES for org in found.in_file.values()
        )

    async def _districts(self) -> None:
        live = []
        for org in self.orgs_found.of_kind("district"):
            if org.row.get("status") == DELETED:
                self.summary.skipped.deleted_districts += 1
            else:
                live.append(org)
        if self.target.district_id is not None and len(live) > 1:
            for org in live[1:]:
                self.writer.issue(
                    "orgs.csv", org.row.line, "with district_id the file may hold one district org"
                )
            live = live[:1]
        raw: Lines = []
        for org in live:
            values = self.writer.keyed("orgs.csv", org.row) | {
                "name": org.row.get("name"),
                "state": self.target.state,
            }
            if self.target.district_id is not None:
                values["id"] = self.target.district_id
            if (identifier := org.row.get("identifier")) is not None:
                values |= district_identifier(identifier)
            raw.append((org.row.line, values))
        ids = await self.writer.upsert(
            "districts", "orgs.csv", raw, DistrictOrgRows(self.scope), self.summary.districts
        )
        for org, district_id in zip(live, ids, strict=True):
            if district_id is not None:
                self.orgs_found.place(org, "district", district_id)

    async def _schools(self) -> None:
        found = self.orgs_found
        raw: Lines = []
        placed = []
        for org in found.of_kind("school"):
            district_id = found.district_above(org.parent, {org.sourced_id})
            if district_id is None:
                self.writer.issue("orgs.csv", org.row.line, found.no_district(org))
                continue
            values = self.writer.keyed("orgs.csv", org.row) | {
                "name": org.row.get("name"),
                "district_id": district_id,
            }
            if (identifier := org.row.get("identifier")) is not None:
                values |= school_identifier(identifier)
            if org.row.get("status") == DELETED:
                values["status"] = "closed"
            raw.append((org.row.line, values))
            placed.append(org)
        ids = await self.writer.upsert(
            "schools", "orgs.csv", raw, SchoolOrgRows(self.scope), self.summary.schools
        )
        for org, (_, values), school_id in zip(placed, raw, ids, strict=True):
            if school_id is not None:
                found.place(org, "school", school_id)
                found.school_districts[school_id] = values["district_id"]

    # Users

    async def users(self) -> None:
        roles = read_roles(self.files, self.writer)
        by_user: dict[str, list[FileRole]] = {}
        for role in roles:
            by_user.setdefault(role.user, []).append(role)
        users = self.files.of("users")
        # A delta may name in roles.csv people it leaves out of users.csv.
        named = {sid for row in users if (sid := row.get("sourcedId"))} | set(by_user)
        stored = await self._stored_people(sorted(named))
        raw: Lines = []
        kept: list[str] = []
        for row in users:
            sourced_id = row.get("sourcedId")
            if sourced_id is None:
                self.writer.issue("users.csv", row.line, "sourcedId is empty")
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
        ids = await self.writer.upsert(
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
            self.writer.issue("users.csv", row.line, str(error))
            return None
        deleted = row.get("status") == DELETED
        if deleted:
            self.deleted_users.add(row.values["sourcedId"].strip())
        return self.writer.keyed("users.csv", row, key=None) | {
            "given_name": row.get("givenName"),
            "family_name": row.get("familyName"),
            "email": row.get("email"),
            "phone": row.get("phone"),
            "is_active": enabled and not deleted,
        }

    async def _stored_people(self, sourced_ids: Sequence[str]) -> dict[str, uuid.UUID]:
        found: dict[str, uuid.UUID] = {}
        for chunk in chunks(sourced_ids):
            rows = await self.session.execute(
                select(Person.sis_id, Person.id).where(Person.sis_id.in_(chunk))
            )
            found |= {sid: pid for sid, pid in rows if sid}
        return found

    # Roles

    async def roles(self) -> None:
        raw: Lines = []
        for role in self.user_roles:
            if role.role in NOT_STAFF:
                self.summary.skipped.learner_roles += role.file == "roles.csv"
                continue
            person_id = self.people.get(role.user)
            place = self.orgs_found.place_of(role.org)
            if person_id is None:
                if role.user not in self.failed_users:
                    self.writer.issue(
                        role.file, role.line, f"user {role.user} is not in the directory"
                    )
                continue
            if place is None:
                self.writer.issue(role.file, role.line, f"org {role.org} is not in the directory")
                continue
            stored_role, title = staff_role(role.role)
            values = dict(role.values)
            if values.pop("deleted") or role.user in self.deleted_users:
                values["end_date"] = ended_on(values.get("start_date"), self.today)
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
        await self.writer.upsert(
            "role_assignments", file, raw, UserRoleRows(self.scope), self.summary.role_assignments
        )
