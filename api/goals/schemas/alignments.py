"""An alignment: which agreement (optionally which of its services) supports which goal."""

import uuid
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field, StringConstraints

from api.core.schemas import MergePatch, RecordRead, RequestModel
from api.goals.vocabulary import Strength

Contribution = Annotated[
    str,
    StringConstraints(min_length=1, max_length=5000),
    Field(
        description="What the partner's work does for the goal, in words a school can check.",
        examples=["Two tutors per grade-3 class, three mornings a week."],
    ),
]


class AlignmentFields(BaseModel):
    service_id: uuid.UUID | None = Field(
        None, description="One of the agreement's services, when a single one carries the work."
    )
    contribution: Contribution | None = None
    strength: Strength = Strength.supporting


class AlignmentCreate(AlignmentFields, RequestModel):
    goal_id: uuid.UUID
    agreement_id: uuid.UUID = Field(
        description="An agreement serving the goal's school: naming it, or district-wide in "
        "its district (for a district goal, any agreement of the district)."
    )


class AlignmentUpdate(MergePatch):
    """Goal and agreement are the alignment itself: to change them, delete and create."""

    required_fields: ClassVar[frozenset[str]] = frozenset({"strength"})

    service_id: uuid.UUID | None = None
    contribution: Contribution | None = None
    strength: Strength | None = None


class AlignmentRead(AlignmentFields, RecordRead):
    goal_id: uuid.UUID
    agreement_id: uuid.UUID
