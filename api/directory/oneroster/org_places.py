"""Where a OneRoster org is in the directory: the district or school stored for it, or
the nearest one above it in its parent chain, in the file or already stored."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import District, School
from api.directory.oneroster.files import OneRosterFiles, Row, split_ids
from api.directory.oneroster.vocabulary import STORED_ORG_TYPES
from api.directory.oneroster.writes import chunks

Place = tuple[str, uuid.UUID]  # ("school" | "district", id)


@dataclass
class FileOrg:
    row: Row
    sourced_id: str
    kind: str
    parent: str | None


@dataclass
class OrgPlaces:
    # Where parentless orgs and orgs of other types go, when the import names a district.
    target_district: uuid.UUID | None
    in_file: dict[str, FileOrg] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # sourcedId -> stored record
    school_districts: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[FileOrg]:
        return [org for org in self.in_file.values() if org.kind == kind]

    def place(self, org: FileOrg, kind: str, record_id: uuid.UUID) -> None:
        self.places[org.sourced_id] = (kind, record_id)

    async def load_stored(self, session: AsyncSession, files: OneRosterFiles) -> None:
        """The stored districts and schools the file's orgs, users and roles name."""
        named = set(self.in_file) | {org.parent for org in self.in_file.values() if org.parent}
        named |= {sid for row in files.of("roles") if (sid := row.get("orgSourcedId"))}
        for row in files.of("users"):
            named |= set(split_ids(row.get("orgSourcedIds")))
        for chunk in chunks(sorted(named)):
            districts = await session.execute(
                select(District.oneroster_id, District.id).where(District.oneroster_id.in_(chunk))
            )
            self.places |= {sid: ("district", did) for sid, did in districts if sid}
            schools = await session.execute(
                select(School.oneroster_id, School.id, School.district_id).where(
                    School.oneroster_id.in_(chunk)
                )
            )
            for sid, school_id, district_id in schools:
                self.places[str(sid)] = ("school", school_id)
                self.school_districts[school_id] = district_id

    def no_district(self, org: FileOrg) -> str:
        if org.parent:
            return (
                f"its parent {org.parent} leads to no district in the file or the directory; "
                "import with district_id to place it"
            )
        return "it has no parent district; import with district_id to place it"

    def district_above(self, sourced_id: str | None, seen: set[str]) -> uuid.UUID | None:
        """The district an org's parent chain reaches, else the target district."""
        while sourced_id is not None and sourced_id not in seen:
            seen.add(sourced_id)
            org = self.in_file.get(sourced_id)
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
        return self.target_district

    def place_of(self, sourced_id: str) -> Place | None:
        """Where a role at an org is held: the org itself when stored, else the nearest
        school or district above it, else the target district."""
        seen: set[str] = set()
        current: str | None = sourced_id
        while current is not None and current not in seen:
            seen.add(current)
            if current in self.places:
                return self.places[current]
            org = self.in_file.get(current)
            if org is None or org.kind in STORED_ORG_TYPES:
                break  # unknown, or stored nowhere because its own row was wrong
            current = org.parent
        org = self.in_file.get(sourced_id)
        if org and org.kind not in STORED_ORG_TYPES and self.target_district is not None:
            return ("district", self.target_district)
        return None
