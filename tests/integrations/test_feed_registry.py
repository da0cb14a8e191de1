"""Every area's entries in the feed's registry read their records for any caller."""

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.feed_registry import REGISTRY
from api.core.natural_keys import keyed
from api.core.scope import Scope
from api.directory.nces.upsert import DISTRICTS, SCHOOLS
from api.feed_resources import AREAS
from tests.directory.factories import make_school

EXPECTED = {
    "districts",
    "schools",
    "people",
    "role_assignments",
    "partners",
    "agreements",
    "interactions",
    "action_items",
    "goals",
    "measurements",
    "alignments",
    "mentoring_programs",
    "mentoring_program_schools",
    "mentoring_participants",
    "mentoring_matches",
    "mentoring_check_ins",
    "mentoring_surveys",
    "mentoring_survey_responses",
    "mentoring_reviews",
}


def test_every_area_fills_the_registry() -> None:
    assert len(AREAS) == 4
    assert set(REGISTRY) == EXPECTED
    for resource, entry in REGISTRY.items():
        found = keyed(resource)
        assert found is not None
        assert found.columns == entry.stored_keys()
        assert all(hasattr(entry.model, column) for column in found.columns), resource


@pytest.mark.parametrize("resource", sorted(EXPECTED))
async def test_each_entry_reads_for_any_scope(session: AsyncSession, resource: str) -> None:
    school = await make_school(session)
    entry = REGISTRY[resource]
    for scope in (
        Scope(everything=True),
        Scope(school_ids=frozenset({school.id})),
        Scope(district_ids=frozenset({school.district_id})),
        Scope(partner_ids=frozenset({uuid.uuid4()})),
    ):
        assert await entry.read(session, scope, [uuid.uuid4()]) == {}
    if resource == "schools":
        mine = await entry.read(session, Scope(school_ids=frozenset({school.id})), [school.id])
        assert mine[school.id]["name"] == school.name
        elsewhere = Scope(school_ids=frozenset({uuid.uuid4()}))
        assert await entry.read(session, elsewhere, [school.id]) == {}


def test_the_nces_importer_names_the_keys_every_other_writer_does() -> None:
    for target in (DISTRICTS, SCHOOLS):
        assert target.natural_keys == REGISTRY[target.resource].stored_keys()
