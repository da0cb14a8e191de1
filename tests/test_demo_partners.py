"""The demo has partners and agreements to try, and its administrator has action items."""

import asyncio
import datetime as dt

from sqlalchemy import func, select

from api.auth.models import User
from api.core.db import create_database, create_engine
from api.demo import DEMO_ADMIN, seed_demo_district
from api.directory.models import Person, RoleAssignment
from api.partners.models import ActionItem, Agreement, Interaction, Partner


async def _contents(url: str) -> dict[str, object]:
    database = create_database(create_engine(url))
    try:
        async with database.sessionmaker() as session:
            admin = await session.scalar(select(User).where(User.email == DEMO_ADMIN))
            assert admin is not None
            statuses = dict(
                (
                    await session.execute(
                        select(Agreement.status, func.count()).group_by(Agreement.status)
                    )
                ).all()
            )
            mine = list(
                await session.scalars(
                    select(ActionItem).where(ActionItem.owner_id == admin.person_id)
                )
            )
            staff = await session.scalar(
                select(func.count())
                .select_from(RoleAssignment)
                .where(RoleAssignment.partner_id.is_not(None))
            )
            person = await session.get(Person, admin.person_id)
            return {
                "partners": await session.scalar(select(func.count()).select_from(Partner)),
                "statuses": statuses,
                "interactions": await session.scalar(select(func.count()).select_from(Interaction)),
                "mine": mine,
                "staff": staff,
                "person": person,
                "titles": sorted(await session.scalars(select(Agreement.title))),
            }
    finally:
        await database.engine.dispose()


def test_the_demo_has_partners_agreements_and_the_administrators_action_items(
    fresh_database_url: str,
) -> None:
    message = asyncio.run(seed_demo_district(fresh_database_url, if_empty=True, seed=7))
    assert "8 partners, 8 agreements" in message
    seeded = asyncio.run(_contents(fresh_database_url))

    assert seeded["partners"] == 8
    assert seeded["staff"] == 16  # two people at each partner
    assert seeded["statuses"] == {"active": 6, "proposed": 1, "draft": 1}
    assert seeded["interactions"] == 10  # two for each active agreement that has met
    assert seeded["person"] is not None  # "my action items" means someone

    mine = seeded["mine"]
    assert isinstance(mine, list)
    assert len(mine) == 10
    assert sum(item.done for item in mine) == 5  # the earlier meetings' items are done
    mine = [item for item in mine if not item.done]
    today = dt.date.today()
    assert any(item.due_date < today for item in mine), (
        "some of the administrator's items are overdue"
    )
    assert any(item.due_date >= today for item in mine), "and some are still to do"
    assert "Early Literacy Tutoring" in seeded["titles"]
