"""The directory's resources in the change feed."""

from api.core.db import utcnow
from api.core.feed_registry import FeedResource, Parent, register, rows_reader, shaped
from api.directory.models import District, Person, RoleAssignment, School
from api.directory.schemas import DistrictRead, PersonRead, RoleAssignmentRead, SchoolRead
from api.directory.service import assignments, districts, people, person_places, schools

register(
    FeedResource(
        resource=districts.RESOURCE,
        model=District,
        collection="/districts",
        read=rows_reader(
            lambda scope: districts.filtered(scope, districts.DistrictFilters()),
            District,
            shaped(DistrictRead),
        ),
        keys=("nces_leaid", "state_district_id"),
    ),
    FeedResource(
        resource=schools.RESOURCE,
        model=School,
        collection="/schools",
        read=rows_reader(
            lambda scope: schools.filtered(scope, schools.SchoolFilters()),
            School,
            shaped(SchoolRead),
        ),
        keys=("nces_id", "state_school_id"),
        parent=Parent(districts.RESOURCE, "district_id"),
    ),
    FeedResource(
        resource=person_places.RESOURCE,
        model=Person,
        collection="/people",
        read=rows_reader(
            lambda scope: people.filtered(scope, people.PersonFilters(), utcnow()),
            Person,
            shaped(PersonRead),
        ),
        keys=("sis_id", "email"),
    ),
    FeedResource(
        resource=assignments.RESOURCE,
        model=RoleAssignment,
        collection="/role-assignments",
        read=rows_reader(
            lambda scope: assignments.filtered(
                scope, assignments.AssignmentFilters(), utcnow().date()
            ),
            RoleAssignment,
            shaped(RoleAssignmentRead),
        ),
        parent=Parent(person_places.RESOURCE, "person_id"),
    ),
)
