"""The roles a OneRoster file gives: 1.2's roles.csv, or 1.1's one role per user held at
each of its orgs (named `user@org`, as 1.1 has no role ids)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from api.directory.oneroster.files import OneRosterFiles, split_ids
from api.directory.oneroster.vocabulary import NOT_STAFF, parse_date
from api.directory.oneroster.writes import Writer

DELETED = "tobedeleted"


def role_id_11(user: str, org: str) -> str:
    """A 1.1 role's made-up `sourcedId`."""
    return f"{user}@{org}"


def ended_on(start: dt.date | None, today: dt.date) -> dt.date:
    """When a role that goes ends: today, or as it begins when that is later."""
    return max(today, start) if start else today


@dataclass
class FileRole:
    file: str
    line: int
    sourced_id: str
    user: str
    org: str
    role: str
    values: dict[str, Any] = field(default_factory=dict)


def read_roles(files: OneRosterFiles, writer: Writer) -> list[FileRole]:
    if files.version == "1.1":
        return _roles_of_users(files, writer)
    roles = []
    for row in files.of("roles"):
        sourced_id, user, org, role = (
            row.get(name) for name in ("sourcedId", "userSourcedId", "orgSourcedId", "role")
        )
        if not (sourced_id and user and org and role):
            writer.issue(
                "roles.csv", row.line, "sourcedId, userSourcedId, orgSourcedId and role are needed"
            )
            continue
        try:
            values = {
                "start_date": parse_date("beginDate", row.get("beginDate")),
                "end_date": parse_date("endDate", row.get("endDate")),
                "is_primary": row.get("roleType") == "primary",
                "deleted": row.get("status") == DELETED,
            } | writer.keyed("roles.csv", row, key=None, raising=True)
        except ValueError as error:
            writer.issue("roles.csv", row.line, str(error))
            continue
        roles.append(FileRole("roles.csv", row.line, sourced_id, user, org, role, values))
    return roles


def _roles_of_users(files: OneRosterFiles, writer: Writer) -> list[FileRole]:
    roles = []
    for row in files.of("users"):
        user, role = row.get("sourcedId"), row.get("role")
        if not (user and role):
            writer.issue("users.csv", row.line, "sourcedId and role are needed")
            continue
        orgs = split_ids(row.get("orgSourcedIds"))
        if not orgs and role not in NOT_STAFF:
            writer.issue("users.csv", row.line, "orgSourcedIds is empty")
        try:
            keyed = writer.keyed("users.csv", row, key=None, raising=True)
        except ValueError:
            continue  # told once, for the person
        for index, org in enumerate(orgs):
            values = keyed | {"is_primary": index == 0, "deleted": row.get("status") == DELETED}
            sourced_id = role_id_11(user, org)
            roles.append(FileRole("users.csv", row.line, sourced_id, user, org, role, values))
    return roles
