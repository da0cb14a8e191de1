"""The nested rows of a page of records (a survey's items, a review's scores), read for the
whole page in one query and grouped by the record they belong to."""

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncSession


async def rows_by_parent(
    session: AsyncSession, statement: Executable, parent: str
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The statement's rows by the value of its `parent` column (left out of each row), in
    the statement's order; a record with no rows is not in the answer."""
    grouped: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in (await session.execute(statement)).mappings():
        values = dict(row)
        grouped[values.pop(parent)].append(values)
    return grouped
