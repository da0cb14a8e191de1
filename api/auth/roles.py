"""Roles and what each may reach: the one place that turns a principal into a Scope."""

import uuid
from collections.abc import Iterable
from enum import StrEnum

from api.core.scope import Scope


class Role(StrEnum):
    admin = "admin"
    district_manager = "district_manager"
    coordinator = "coordinator"
    partner = "partner"
    viewer = "viewer"


DIRECTORY_WRITERS = frozenset({Role.admin, Role.district_manager, Role.coordinator})


def scope_for(
    role: Role,
    district_ids: Iterable[uuid.UUID | str] = (),
    school_ids: Iterable[uuid.UUID | str] = (),
    partner_id: uuid.UUID | None = None,
) -> Scope:
    def ids(values: Iterable[uuid.UUID | str]) -> frozenset[uuid.UUID]:
        return frozenset(uuid.UUID(str(value)) for value in values)

    if role is Role.admin:
        return Scope(everything=True)
    if role is Role.district_manager:
        return Scope(district_ids=ids(district_ids))
    if role is Role.coordinator:
        return Scope(school_ids=ids(school_ids))
    if role is Role.partner:
        return Scope(partner_ids=frozenset({partner_id}) if partner_id else frozenset())
    return Scope(district_ids=ids(district_ids), school_ids=ids(school_ids), read_only=True)
