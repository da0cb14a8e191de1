"""Posting import jobs in the tests."""

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import RoleAssignment

IMPORTS = "/api/v1/imports"


async def post_job(
    client: httpx.AsyncClient,
    kind: str,
    data: bytes,
    file_name: str = "upload.zip",
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> httpx.Response:
    form = {"kind": kind} | {
        name: (str(value).lower() if isinstance(value, bool) else str(value))
        for name, value in fields.items()
    }
    return await client.post(
        IMPORTS, files={"file": (file_name, data)}, data=form, headers=headers or {}
    )


async def role_ends(session: AsyncSession) -> dict[str | None, dt.date | None]:
    """Each stored role's `sourcedId` and end date, as the database has them now."""
    rows = await session.execute(
        select(RoleAssignment.oneroster_id, RoleAssignment.end_date).execution_options(
            populate_existing=True
        )
    )
    return dict(rows.all())
