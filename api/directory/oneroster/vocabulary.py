"""OneRoster's values and Trellis's: roles, org types, identifiers, dates.

A staff role with a StaffRole of the same meaning becomes that role. Any other staff
role is kept whole: the assignment's role is `other` and its title `ext:<the OneRoster
role>`, and the export writes the OneRoster role back from that title. A Trellis role
OneRoster has no word for is exported as `ext:<role>` (OneRoster 1.2's extension form)
and read back as that role.
"""

import datetime as dt
import re

from api.directory.vocabulary import StaffRole

# OneRoster roles of learners and their families: counted, never stored.
NOT_STAFF = frozenset({"student", "guardian", "parent", "relative"})
SAME_ROLE = {
    "teacher": StaffRole.teacher,
    "counselor": StaffRole.counselor,
    "principal": StaffRole.principal,
}
EXT = "ext:"
STAFF_ROLES = frozenset(StaffRole)
NCES_SCHOOL = re.compile(r"^\d{12}$")
NCES_DISTRICT = re.compile(r"^\d{7}$")
STORED_ORG_TYPES = frozenset({"district", "school"})


def staff_role(value: str) -> tuple[StaffRole, str | None]:
    """The StaffRole and title an OneRoster role is stored as."""
    if value in SAME_ROLE:
        return SAME_ROLE[value], None
    if value.startswith(EXT) and value[len(EXT) :] in STAFF_ROLES:
        return StaffRole(value[len(EXT) :]), None
    return StaffRole.other, EXT + value


def oneroster_role(role: str, title: str | None) -> str:
    """The OneRoster role a stored assignment is written as."""
    if role == StaffRole.other and title and title.startswith(EXT):
        return title[len(EXT) :]
    for value, staff in SAME_ROLE.items():
        if staff == role:
            return value
    return EXT + role


def school_identifier(identifier: str | None) -> dict[str, str | None]:
    """An NCES school id when the identifier looks like one, else a state school id."""
    if identifier and NCES_SCHOOL.match(identifier):
        return {"nces_id": identifier, "state_school_id": None}
    return {"nces_id": None, "state_school_id": identifier}


def district_identifier(identifier: str | None) -> dict[str, str | None]:
    if identifier and NCES_DISTRICT.match(identifier):
        return {"nces_leaid": identifier, "state_district_id": None}
    return {"nces_leaid": None, "state_district_id": identifier}


def parse_modified(value: str | None) -> dt.datetime | None:
    """dateLastModified: an ISO 8601 date-time (a date alone is read as its midnight UTC)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"dateLastModified {value!r} is not an ISO 8601 date-time") from None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def parse_date(column: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def parse_bool(column: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError(f"{column} {value!r} is not true or false")


def format_modified(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
