"""The goals and alignments lists (and the goals CSV) show each role the `a` side of the
scope matrix's world and nothing of the `b` side."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from tests.auth.helpers import sign_in_as
from tests.auth.scope_extensions import EXTENSIONS
from tests.auth.scope_world import build_world, grant_for, ids_in, out_of_scope_ids


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.admin], ids=lambda r: r.value)
@pytest.mark.parametrize(
    ("path", "record", "accepts"),
    [
        ("/api/v1/goals", "goal", ("application/json", "text/csv")),
        ("/api/v1/alignments", "alignment", ("application/json",)),
    ],
)
async def test_lists_show_inside_and_hide_outside(
    anonymous_client: httpx.AsyncClient,
    session: AsyncSession,
    role: Role,
    path: str,
    record: str,
    accepts: tuple[str, ...],
) -> None:
    world = await build_world(session, EXTENSIONS)
    headers = await sign_in_as(session, role, **grant_for(role, world))
    for accept in accepts:
        response = await anonymous_client.get(path, headers=headers | {"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(accept)
        shown = ids_in(response.text)
        assert str(world.a.more[record].id) in shown, (accept, response.text)
        assert not shown & out_of_scope_ids(world, role), (accept, response.text)
