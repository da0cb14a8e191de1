"""A page's nested rows, grouped by the record they belong to in one query."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.nested_rows import rows_by_parent
from api.directory.models import School
from tests.directory.factories import make_district, make_school


async def test_rows_are_grouped_by_parent_in_the_statements_order(session: AsyncSession) -> None:
    north, south, empty = [await make_district(session) for _ in range(3)]
    for district, names in ((north, ["Oak", "Ash"]), (south, ["Elm"])):
        for name in names:
            await make_school(session, district, name=name)

    ids = [north.id, south.id, empty.id]
    grouped = await rows_by_parent(
        session,
        select(School.district_id, School.name)
        .where(School.district_id.in_(ids))
        .order_by(School.district_id, School.name),
        "district_id",
    )

    assert dict(grouped) == {
        north.id: [{"name": "Ash"}, {"name": "Oak"}],
        south.id: [{"name": "Elm"}],
    }
