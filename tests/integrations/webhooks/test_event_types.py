"""The event types the API publishes for subscriptions: every resource that writes events,
each type a subscription takes, and the types real deliveries carry."""

import importlib
import pkgutil
import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

import api
from api.auth.roles import Role
from tests.conftest import SignIn
from tests.directory.factories import make_district, make_school

HOOKS = "/api/v1/webhooks"
PUBLIC_URL = "https://93.184.215.14/hooks/trellis"


def resources_named_by_services() -> set[str]:
    """The `RESOURCE` each area's service modules write their events under."""
    named = set()
    for module in pkgutil.walk_packages(api.__path__, "api."):
        if ".service." not in module.name:
            continue
        resource = getattr(importlib.import_module(module.name), "RESOURCE", None)
        if isinstance(resource, str):
            named.add(resource)
    return named


async def published(client: httpx.AsyncClient) -> dict[str, list[str] | str]:
    answer = await client.get(f"{HOOKS}/event-types")
    assert answer.status_code == 200, answer.text
    body: dict[str, list[str] | str] = answer.json()
    return body


async def test_every_resource_that_writes_events_is_published_once(
    client: httpx.AsyncClient,
) -> None:
    types = await published(client)
    resources = list(types["resources"])
    assert len(resources) == len(set(resources))
    assert set(resources) == resources_named_by_services()
    assert resources[:2] == ["districts", "schools"]
    assert types["operations"] == ["create", "update", "delete", "visible"]


async def test_each_published_type_is_one_a_subscription_takes(client: httpx.AsyncClient) -> None:
    types = await published(client)
    pattern = re.compile(str(types["pattern"]))
    every = [f"{r}.{op}" for r in types["resources"] for op in types["operations"]]
    assert all(pattern.fullmatch(t) for t in every)
    assert not pattern.fullmatch("Schools.update")
    wildcards = [f"{r}.*" for r in types["resources"]] + [f"*.{op}" for op in types["operations"]]
    made = await client.post(HOOKS, json={"url": PUBLIC_URL, "event_types": wildcards})
    assert made.status_code == 201, made.text
    for chunk in (every[:50], every[50:]):
        made = await client.post(HOOKS, json={"url": PUBLIC_URL, "event_types": chunk})
        assert made.status_code == 201, made.text


async def test_deliveries_carry_published_types_and_every_role_reads_the_same_list(
    client: httpx.AsyncClient, session: AsyncSession, sign_in: SignIn
) -> None:
    district = await make_district(session)
    school = await make_school(session, district)
    await session.commit()
    manager = await sign_in(Role.district_manager, district_ids=[district.id])
    types = await published(client)
    assert await published(manager) == types
    made = (await manager.post(HOOKS, json={"url": PUBLIC_URL, "event_types": ["*"]})).json()
    changed = await client.patch(f"/api/v1/schools/{school.id}", json={"phone": "555-0199"})
    assert changed.status_code == 200, changed.text
    log = await manager.get(f"{HOOKS}/{made['id']}/deliveries")
    [delivery] = log.json()["items"]
    assert delivery["event_type"] == "schools.update"
    resource, _, operation = delivery["event_type"].partition(".")
    assert resource in types["resources"]
    assert operation in types["operations"]
