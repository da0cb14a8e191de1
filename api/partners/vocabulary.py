"""The partners area's controlled vocabularies."""

from enum import StrEnum


class PartnerKind(StrEnum):
    nonprofit = "nonprofit"
    service_corps = "service_corps"
    business = "business"
    higher_ed = "higher_ed"
    community_college = "community_college"
    parent_group = "parent_group"
    cultural = "cultural"
    health_provider = "health_provider"
    government = "government"
    faith_based = "faith_based"
    other = "other"


class PartnerStatus(StrEnum):
    prospective = "prospective"
    active = "active"
    inactive = "inactive"


class ServiceCategory(StrEnum):
    """Also the vocabulary of a partner's focus areas."""

    tutoring = "tutoring"
    mentoring = "mentoring"
    after_school = "after_school"
    health = "health"
    mental_health = "mental_health"
    family_engagement = "family_engagement"
    college_career = "college_career"
    enrichment = "enrichment"
    physical_activity = "physical_activity"
    professional_development = "professional_development"
    funding = "funding"
    other = "other"


class AgreementStatus(StrEnum):
    draft = "draft"
    proposed = "proposed"
    active = "active"
    expired = "expired"
    terminated = "terminated"
    withdrawn = "withdrawn"


class ResourceType(StrEnum):
    funding = "funding"
    in_kind = "in_kind"
    volunteer_hours = "volunteer_hours"
    staff_time = "staff_time"


# Money is counted in US dollars and time in hours, so totals can be added up.
RESOURCE_UNITS: dict[ResourceType, str] = {
    ResourceType.funding: "USD",
    ResourceType.in_kind: "USD",
    ResourceType.volunteer_hours: "hours",
    ResourceType.staff_time: "hours",
}


class Cadence(StrEnum):
    weekly = "weekly"
    biweekly = "biweekly"
    monthly = "monthly"
    quarterly = "quarterly"


CADENCE_DAYS: dict[Cadence, int] = {
    Cadence.weekly: 7,
    Cadence.biweekly: 14,
    Cadence.monthly: 30,
    Cadence.quarterly: 91,
}


class InteractionKind(StrEnum):
    meeting = "meeting"
    call = "call"
    email = "email"
    site_visit = "site_visit"
    event = "event"
    other = "other"


class MetricsGroup(StrEnum):
    district = "district"
    school = "school"
    partner = "partner"
    service_category = "service_category"
