"""Every area's entries in the change feed's registry (api.core.feed_registry), on import."""

from api.directory.service import feed as directory_feed
from api.goals.service import feed as goals_feed
from api.mentoring.service import feed as mentoring_feed
from api.partners.service import feed as partners_feed

AREAS = (directory_feed, partners_feed, goals_feed, mentoring_feed)
