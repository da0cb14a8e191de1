"""A link table's rows for one owner (an agreement's schools, an interaction's
attendees) rewritten from the ids it held to the ids it holds now."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession


async def replace_links(
    session: AsyncSession,
    owner: Any,
    member: Any,
    owner_id: uuid.UUID,
    before: Sequence[uuid.UUID],
    after: Sequence[uuid.UUID],
) -> None:
    """Deletes the links that left and inserts the new ones, in `after`'s order; a link
    kept is not touched. `owner` and `member` are the link model's two columns."""
    model = owner.class_
    removed = set(before) - set(after)
    added = [member_id for member_id in after if member_id not in set(before)]
    if removed:
        await session.execute(delete(model).where(owner == owner_id, member.in_(removed)))
    if added:
        rows = [{owner.key: owner_id, member.key: member_id} for member_id in added]
        await session.execute(insert(model), rows)
