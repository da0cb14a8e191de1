"""Link sets rewritten in place, and the 403 for a record seen but not writable."""

import pytest
from sqlalchemy import false, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.crud import check_writable, get_writable_record
from api.core.errors import Forbidden, NotFound
from api.core.link_sets import replace_links
from api.directory.models import District
from api.partners.models import AgreementSchool
from tests.directory.factories import make_district, make_school
from tests.partners.factories import make_agreement, make_partner


async def linked(session: AsyncSession, agreement_id: object) -> set[object]:
    stmt = select(AgreementSchool.school_id).where(AgreementSchool.agreement_id == agreement_id)
    return set((await session.scalars(stmt)).all())


async def test_links_that_left_go_new_ones_come_and_kept_ones_stay(session: AsyncSession) -> None:
    district = await make_district(session)
    a, b, c = [await make_school(session, district) for _ in range(3)]
    agreement = await make_agreement(session, await make_partner(session), [a, b])
    other = await make_agreement(session, await make_partner(session), [a])
    owner, member = AgreementSchool.agreement_id, AgreementSchool.school_id

    await replace_links(session, owner, member, agreement.id, [a.id, b.id], [b.id, c.id])
    assert await linked(session, agreement.id) == {b.id, c.id}
    assert await linked(session, other.id) == {a.id}

    await replace_links(session, owner, member, agreement.id, [b.id, c.id], [b.id, c.id])
    assert await linked(session, agreement.id) == {b.id, c.id}
    await replace_links(session, owner, member, agreement.id, [b.id, c.id], [])
    assert await linked(session, agreement.id) == set()


async def test_a_record_outside_the_write_scope_is_refused(session: AsyncSession) -> None:
    district = await make_district(session)
    await check_writable(session, District, district.id, true(), "no")
    with pytest.raises(Forbidden, match="read it, not change it"):
        await check_writable(session, District, district.id, false(), "read it, not change it")
    with pytest.raises(Forbidden):
        await check_writable(session, District, district.id, District.state == "ZZ", "no")


async def test_a_writable_record_is_404_unseen_and_403_seen_but_not_writable(
    session: AsyncSession,
) -> None:
    district = await make_district(session, state="CA")
    seen, writable = District.state == "CA", District.state == "NY"
    assert await get_writable_record(session, District, district.id, seen, true(), "no") is district
    with pytest.raises(Forbidden, match="only read"):
        await get_writable_record(session, District, district.id, seen, writable, "only read")
    with pytest.raises(NotFound):
        await get_writable_record(session, District, district.id, writable, true(), "no")
