"""Posting import jobs in the tests."""

from typing import Any

import httpx

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
