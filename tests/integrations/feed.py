"""Reading the change feed in tests."""

from typing import Any

import httpx

EVENTS = "/api/v1/events"


async def feed(client: httpx.AsyncClient, after: int) -> list[dict[str, Any]]:
    response = await client.get(f"{EVENTS}?after={after}&limit=1000")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def feed_ids(client: httpx.AsyncClient, after: int) -> list[str]:
    return [event["resource_id"] for event in await feed(client, after)]


async def last_seq(client: httpx.AsyncClient) -> int:
    """Where the feed stands now (each test starts from a rolled-back, nearly empty log)."""
    return int((await client.get(f"{EVENTS}?limit=1000&after=0")).json()["next_after"])


def logged(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events as the log holds them, without the records as they are now."""
    return [{k: v for k, v in event.items() if k != "record"} for event in events]
