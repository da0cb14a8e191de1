"""The event types a subscription can name, as the API publishes them for forms and scripts."""

from typing import Any

from api.core.events import Operation
from api.core.feed_registry import REGISTRY
from api.integrations.webhooks.event_types import PATTERN

# Surveys and reviews write events but have no change-feed entry of their own (the feed
# shows them without a record), so the registry alone would leave them out. Named here, as
# the feed may not import an area's service; tests/integrations/webhooks/test_event_types.py
# fails when these and the services' `RESOURCE` names part.
WITHOUT_FEED_ENTRY = ("mentoring_surveys", "mentoring_survey_responses", "mentoring_reviews")


def resources() -> list[str]:
    """Every resource whose writes are events, in the feed's order (directory first)."""
    return list(dict.fromkeys([*REGISTRY, *WITHOUT_FEED_ENTRY]))


def published() -> dict[str, Any]:
    return {
        "resources": resources(),
        "operations": [operation.value for operation in Operation],
        "pattern": PATTERN,
    }
