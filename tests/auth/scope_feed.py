"""The change feed's own operations in the scope matrix (merged into GOALS)."""

from tests.auth.scope_expect import Ops, lists

FEED: Ops = {
    "latestEvent": (lambda w, i: ("GET", "/events/latest", None), lists()),
}
