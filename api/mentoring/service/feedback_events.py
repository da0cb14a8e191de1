"""Events of surveys, survey responses and reviews.

A participant's comment and a supervisor's note are personal: the event log (read by
everyone the record's place reaches) says that they changed, never what they say.
"""

import uuid
from typing import Any

FREE_TEXT = frozenset({"comment", "note"})


def place_at(district_id: uuid.UUID | None, school_id: uuid.UUID | None = None) -> dict[str, Any]:
    return {"district_id": district_id, "school_id": school_id}
