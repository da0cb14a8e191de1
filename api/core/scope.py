"""What part of the data a caller may see and change."""

import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    district_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    school_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    partner_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    read_only: bool = False
    # The signed-in person, when the caller is one: they reach their own mentoring
    # matches whatever their role.
    person_id: uuid.UUID | None = None


EVERYTHING = Scope(everything=True)
