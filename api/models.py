"""Every table, imported in one place for Alembic and the test database."""

from api.auth.models import ApiClient, RefreshToken, User
from api.core.db import Base
from api.core.events import Event, EventPlace
from api.core.idempotency import IdempotencyKey
from api.directory.models import District, Person, RoleAssignment, School
from api.goals.models import Alignment, Goal, Measurement
from api.integrations.imports.models import ImportJob
from api.integrations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from api.mentoring.models import (
    AnswerTotal,
    CheckIn,
    GrowthTotal,
    Match,
    Participant,
    Program,
    ProgramSchool,
    Review,
    ReviewScore,
    ScoreTotal,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from api.partners.models import (
    ActionItem,
    Agreement,
    AgreementResource,
    AgreementSchool,
    AgreementService,
    Interaction,
    InteractionAttendee,
    Partner,
)

metadata = Base.metadata

__all__ = [
    "ActionItem",
    "Agreement",
    "AgreementResource",
    "AgreementSchool",
    "AgreementService",
    "Alignment",
    "AnswerTotal",
    "ApiClient",
    "CheckIn",
    "District",
    "Event",
    "EventPlace",
    "Goal",
    "GrowthTotal",
    "IdempotencyKey",
    "ImportJob",
    "Interaction",
    "InteractionAttendee",
    "Match",
    "Measurement",
    "Participant",
    "Partner",
    "Person",
    "Program",
    "ProgramSchool",
    "RefreshToken",
    "Review",
    "ReviewScore",
    "RoleAssignment",
    "School",
    "ScoreTotal",
    "Survey",
    "SurveyAnswer",
    "SurveyItem",
    "SurveyResponse",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "metadata",
]
