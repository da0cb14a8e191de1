"""One line of a people file read through its mapping: the person, their role and place."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from api.directory.vocabulary import StaffRole
from api.integrations.spreadsheets.cells import normalised, value_of
from api.integrations.spreadsheets.directory import Index, NotPlaced, Place, one
from api.integrations.spreadsheets.mappings import PeopleColumns, PeopleMapping

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
STAFF_ROLES = {role.value: role for role in StaffRole}


class BadLine(Exception):
    """A line whose values cannot make a person."""


@dataclass(frozen=True)
class PersonLine:
    person: dict[str, Any]
    role: StaffRole
    title: str | None
    place: Place


def split_full_name(full: str) -> tuple[str, str]:
    """`DR RAYMOND EARL DESPAIN JR` -> (`RAYMOND EARL`, `DESPAIN`): the last word is the
    family name once a leading honorific and a trailing suffix are set aside."""
    words = full.split()
    if words and normalised(words[0]) in HONORIFICS:
        words = words[1:]
    if words and normalised(words[-1]) in SUFFIXES:
        words = words[:-1]
    if len(words) < 2:
        raise BadLine(f"cannot tell the given from the family name in {full!r}")
    return " ".join(words[:-1]), words[-1]


class LineReader:
    def __init__(self, mapping: PeopleMapping, schools: Index, districts: Index) -> None:
        self.mapping, self.schools, self.districts = mapping, schools, districts
        self.columns: PeopleColumns = mapping.columns

    def value(self, cells: Mapping[str, str], field: str) -> str | None:
        source = getattr(self.columns, field)
        return value_of(source, cells) if source else None

    def read(self, cells: Mapping[str, str]) -> PersonLine:
        given, family = self.value(cells, "given_name"), self.value(cells, "family_name")
        if not (given and family):
            full = self.value(cells, "full_name")
            if full is None:
                raise BadLine("the given or family name is empty")
            given, family = split_full_name(full)
        person: dict[str, Any] = {"given_name": given, "family_name": family}
        for field, stored in (("email", "email"), ("phone", "phone"), ("external_id", "sis_id")):
            if getattr(self.columns, field):
                person[stored] = self.value(cells, field)
        title = self.value(cells, "title")
        return PersonLine(person, self.role(cells), title, self.place(cells))

    def role(self, cells: Mapping[str, str]) -> StaffRole:
        text = self.value(cells, "role")
        if text is None:
            if self.mapping.default_role is None:
                raise BadLine("the role is empty and the mapping gives no default_role")
            return self.mapping.default_role
        key = normalised(text)
        role = self.mapping.roles.get(key) or STAFF_ROLES.get(key.replace(" ", "_"))
        if role is None:
            raise BadLine(f"the role {text!r} is not one the mapping's roles name")
        return role

    def place(self, cells: Mapping[str, str]) -> Place:
        tried: list[str] = []
        district = self._district(cells, tried)
        if not self.columns.places_schools:
            if district is None:
                raise NotPlaced("; ".join(tried) or "the row names no district")
            return district
        school = self._by_id(cells, "school", self.schools, tried)
        if school is not None:
            return school
        name = self.value(cells, "school_name")
        if name is not None:
            if district is None:
                tried.append(f"the school {name!r} is matched within its district, found in none")
            else:
                within = [p for p in self.schools.named(name) if p.district_id == district.id]
                try:
                    return one(within, f"school named {name!r} in {district.name}")
                except NotPlaced as reason:
                    tried.append(str(reason))
        raise NotPlaced("; ".join(tried) or "the row names no school")

    def _by_id(
        self, cells: Mapping[str, str], kind: str, index: Index, tried: list[str]
    ) -> Place | None:
        for key, found, label in (
            (self.value(cells, f"{kind}_nces_id"), index.by_nces, "NCES id"),
            (self.value(cells, f"{kind}_state_id"), index.by_state_id, "state id"),
        ):
            if key is not None:
                if key in found:
                    return found[key]
                tried.append(f"no {kind} has {label} {key}")
        return None

    def _district(self, cells: Mapping[str, str], tried: list[str]) -> Place | None:
        district = self._by_id(cells, "district", self.districts, tried)
        if district is not None:
            return district
        name = self.value(cells, "district_name")
        if name is None:
            return None
        try:
            return one(self.districts.named(name), f"district named {name!r}")
        except NotPlaced as reason:
            tried.append(str(reason))
            return None
