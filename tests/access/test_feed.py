"""The feed's scope names the directory's resources for people and their roles."""

from api.access.feed import STAFF_RESOURCES
from api.directory.service.assignments import RESOURCE as ASSIGNMENTS
from api.directory.service.person_places import RESOURCE as PEOPLE


def test_staff_resources_are_the_directory_services_own() -> None:
    # A renamed resource would silently hide partner staff's events from school staff.
    assert set(STAFF_RESOURCES) == {PEOPLE, ASSIGNMENTS}
