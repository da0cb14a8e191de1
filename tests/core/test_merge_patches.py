"""A merge patch may clear a field only where the record can do without it."""

import pytest
from pydantic import ValidationError
from sqlalchemy import Table

from api.auth.models import User
from api.auth.schemas import UserUpdate
from api.core.schemas import MergePatch
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.schemas import (
    DistrictUpdate,
    PersonUpdate,
    RoleAssignmentUpdate,
    SchoolUpdate,
)
from api.goals.models import Alignment, Goal, Measurement
from api.goals.schemas.alignments import AlignmentUpdate
from api.goals.schemas.goals import GoalUpdate
from api.goals.schemas.measurements import MeasurementUpdate
from api.integrations.webhooks.models import WebhookSubscription
from api.integrations.webhooks.schemas import WebhookUpdate
from api.mentoring.models import (
    CheckIn,
    Match,
    Participant,
    Program,
    ProgramSchool,
    Review,
    Survey,
    SurveyResponse,
)
from api.mentoring.schemas.check_ins import CheckInUpdate
from api.mentoring.schemas.matches import MatchUpdate
from api.mentoring.schemas.participants import ParticipantUpdate
from api.mentoring.schemas.program_schools import ProgramSchoolUpdate
from api.mentoring.schemas.programs import ProgramUpdate
from api.mentoring.schemas.reviews import ReviewUpdate
from api.mentoring.schemas.survey_responses import SurveyResponseUpdate
from api.mentoring.schemas.surveys import SurveyUpdate
from api.partners.models import ActionItem, Agreement, Interaction, Partner
from api.partners.schemas import (
    ActionItemUpdate,
    AgreementUpdate,
    InteractionUpdate,
    PartnerUpdate,
)

PATCHES: list[tuple[type[MergePatch], Table]] = [
    (UserUpdate, User.__table__),  # type: ignore[list-item]
    (DistrictUpdate, District.__table__),  # type: ignore[list-item]
    (SchoolUpdate, School.__table__),  # type: ignore[list-item]
    (PersonUpdate, Person.__table__),  # type: ignore[list-item]
    (RoleAssignmentUpdate, RoleAssignment.__table__),  # type: ignore[list-item]
    (PartnerUpdate, Partner.__table__),  # type: ignore[list-item]
    (AgreementUpdate, Agreement.__table__),  # type: ignore[list-item]
    (InteractionUpdate, Interaction.__table__),  # type: ignore[list-item]
    (ActionItemUpdate, ActionItem.__table__),  # type: ignore[list-item]
    (GoalUpdate, Goal.__table__),  # type: ignore[list-item]
    (MeasurementUpdate, Measurement.__table__),  # type: ignore[list-item]
    (AlignmentUpdate, Alignment.__table__),  # type: ignore[list-item]
    (ProgramUpdate, Program.__table__),  # type: ignore[list-item]
    (ProgramSchoolUpdate, ProgramSchool.__table__),  # type: ignore[list-item]
    (ParticipantUpdate, Participant.__table__),  # type: ignore[list-item]
    (MatchUpdate, Match.__table__),  # type: ignore[list-item]
    (CheckInUpdate, CheckIn.__table__),  # type: ignore[list-item]
    (SurveyUpdate, Survey.__table__),  # type: ignore[list-item]
    (SurveyResponseUpdate, SurveyResponse.__table__),  # type: ignore[list-item]
    (ReviewUpdate, Review.__table__),  # type: ignore[list-item]
    (WebhookUpdate, WebhookSubscription.__table__),  # type: ignore[list-item]
]
# Not null in the table, yet null in the patch means something: the agreement's
# district is then taken from its schools.
DERIVED_WHEN_NULL = {(Agreement.__tablename__, "district_id")}
# Fields stored in another form (a hash) or elsewhere, that cannot be cleared.
NOT_COLUMNS_REQUIRED = {UserUpdate: {"password"}}


def _every_patch() -> set[type[MergePatch]]:
    found: set[type[MergePatch]] = set()
    pending = [MergePatch]
    while pending:
        for sub in pending.pop().__subclasses__():
            found.add(sub)
            pending.append(sub)
    return found


def test_every_patch_schema_is_checked_here() -> None:
    # The communication plan is patched inside an agreement's patch.
    checked = {patch.__name__ for patch, _ in PATCHES} | {"CommunicationPlanPatch"}
    assert {patch.__name__ for patch in _every_patch()} == checked


@pytest.mark.parametrize(("patch", "table"), PATCHES, ids=[p.__name__ for p, _ in PATCHES])
def test_required_columns_cannot_be_cleared(patch: type[MergePatch], table: Table) -> None:
    for name in patch.model_fields:
        column = table.c.get(name)
        if (table.name, name) in DERIVED_WHEN_NULL:
            continue
        if column is not None:
            required = not column.nullable
        elif name in NOT_COLUMNS_REQUIRED.get(patch, set()):
            required = True
        else:
            continue
        assert (name in patch.required_fields) is required, name
        if required:
            with pytest.raises(ValidationError, match=f"{name} cannot be null"):
                patch.model_validate({name: None})
