"""The meeting log under an agreement, and the action-item worklist."""

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.partners.models import ActionItem, Agreement, Interaction
from tests.directory.factories import make_person, make_school
from tests.partners.factories import (
    days,
    make_agreement,
    make_interaction,
    make_partner,
    make_partner_person,
)
from tests.partners.helpers import (
    AGREEMENTS,
    assert_problem,
    count,
    created,
    error_locs,
    events_for,
)

ACTION_ITEMS = "/api/v1/action-items"


def log_url(agreement_id: uuid.UUID) -> str:
    return f"{AGREEMENTS}/{agreement_id}/interactions"


async def _active(session: AsyncSession) -> tuple[uuid.UUID, uuid.UUID]:
    partner = await make_partner(session)
    agreement = await make_agreement(
        session, partner, [await make_school(session)], status="active", cadence="monthly"
    )
    person = await make_partner_person(session, partner)
    return agreement.id, person.id


async def test_log_an_interaction_with_attendees_decisions_and_action_items(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement_id, person_id = await _active(session)
    other = await make_person(session)
    body = {
        "occurred_on": str(days(-2)),
        "kind": "site_visit",
        "channel": "in_person",
        "duration_minutes": 90,
        "summary": "Toured the reading room.",
        "attendee_ids": [str(person_id), str(other.id)],
        "decisions": ["Start on Mondays", "Add a second group"],
        "action_items": [
            {"text": "Send the roster", "owner_id": str(person_id), "due_date": str(days(5))},
            {"text": "Book the room"},
        ],
    }
    created = await client.post(log_url(agreement_id), json=body)
    assert created.status_code == 201, created.text
    interaction = created.json()
    assert created.headers["location"].endswith(f"/interactions/{interaction['id']}")
    assert sorted(interaction["attendee_ids"]) == sorted([str(person_id), str(other.id)])
    assert interaction["decisions"] == body["decisions"]
    assert [i["text"] for i in interaction["action_items"]] == ["Send the roster", "Book the room"]
    assert interaction["action_items"][0]["agreement_id"] == str(agreement_id)
    fetched = await client.get(created.headers["location"])
    assert fetched.json() == interaction
    agreement = (await client.get(f"{AGREEMENTS}/{agreement_id}")).json()
    assert agreement["health"]["last_interaction_on"] == str(days(-2))
    assert agreement["health"]["days_since_last_interaction"] == 2
    assert agreement["health"]["open_action_items"] == 2
    assert agreement["version"] == 1  # logging is not an edit of the agreement
    (event,) = await events_for(session, uuid.UUID(interaction["id"]))
    assert (event.operation, event.partner_id) == ("create", uuid.UUID(agreement["partner_id"]))
    item_events = await events_for(session, uuid.UUID(interaction["action_items"][0]["id"]))
    assert [e.resource for e in item_events] == ["action_items"]


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"occurred_on": str(days(1))}, ["body", "occurred_on"]),
        ({"attendee_ids": [str(uuid.UUID(int=7))]}, ["body", "attendee_ids", 0]),
        (
            {"action_items": [{"text": "x", "owner_id": str(uuid.UUID(int=7))}]},
            ["body", "action_items", 0, "owner_id"],
        ),
        ({"kind": "telepathy"}, ["body", "kind"]),
        ({"action_items": [{"text": ""}]}, ["body", "action_items", 0, "text"]),
    ],
    ids=["future", "unknown-attendee", "unknown-owner", "unknown-kind", "empty-item"],
)
async def test_bad_interactions_are_422_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, object], loc: list[object]
) -> None:
    agreement_id, _ = await _active(session)
    before = (await count(session, Interaction), await count(session, ActionItem))
    body = {"occurred_on": str(days(0)), "kind": "meeting"} | change
    response = await client.post(log_url(agreement_id), json=body)
    assert_problem(response, 422)
    assert loc in error_locs(response)
    assert (await count(session, Interaction), await count(session, ActionItem)) == before


async def test_unknown_agreement_or_interaction_is_404(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement_id, _ = await _active(session)
    other_id, _ = await _active(session)
    elsewhere = await make_interaction(session, await session.get_one(Agreement, other_id))
    body = {"occurred_on": str(days(0)), "kind": "call"}
    assert_problem(await client.post(log_url(uuid.uuid4()), json=body), 404)
    assert_problem(await client.get(log_url(uuid.uuid4())), 404)
    # An interaction is only found under its own agreement.
    assert_problem(await client.get(f"{log_url(agreement_id)}/{elsewhere.id}"), 404)
    assert_problem(await client.patch(f"{log_url(agreement_id)}/{elsewhere.id}", json={}), 404)


async def test_list_newest_first_with_filters(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement_id, person_id = await _active(session)
    for offset, kind in [(-30, "meeting"), (-10, "call"), (-20, "meeting")]:
        response = await client.post(
            log_url(agreement_id),
            json={
                "occurred_on": str(days(offset)),
                "kind": kind,
                "attendee_ids": [str(person_id)] if kind == "call" else [],
            },
        )
        assert response.status_code == 201

    async def dates(query: str = "") -> list[str]:
        response = await client.get(f"{log_url(agreement_id)}?{query}")
        assert response.status_code == 200, response.text
        return [i["occurred_on"] for i in response.json()["items"]]

    assert await dates() == [str(days(-10)), str(days(-20)), str(days(-30))]
    assert await dates("sort=occurred_on") == [str(days(-30)), str(days(-20)), str(days(-10))]
    assert await dates("kind=meeting") == [str(days(-20)), str(days(-30))]
    assert await dates(f"since={days(-20)}&until={days(-15)}") == [str(days(-20))]
    assert await dates(f"attendee_id={person_id}") == [str(days(-10))]


async def test_patch_replaces_action_items_keeping_ids(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement_id, person_id = await _active(session)
    logged = await created(
        client,
        log_url(agreement_id),
        {
            "occurred_on": str(days(-1)),
            "kind": "meeting",
            "action_items": [{"text": "Keep me", "done": True}, {"text": "Drop me"}],
        },
    )
    keep, drop = logged["action_items"]
    url = f"{log_url(agreement_id)}/{logged['id']}"
    response = await client.patch(
        url,
        json={
            "summary": "Updated notes",
            "action_items": [
                {"id": keep["id"], "owner_id": str(person_id)},
                {"text": "New one", "due_date": str(days(3))},
            ],
        },
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 2
    assert body["summary"] == "Updated notes"
    kept, new = body["action_items"]
    assert (kept["id"], kept["text"], kept["done"], kept["owner_id"]) == (
        keep["id"],
        "Keep me",
        True,
        str(person_id),
    )
    assert kept["done_at"] == keep["done_at"]
    assert new["text"] == "New one"
    assert [e.operation for e in await events_for(session, uuid.UUID(drop["id"]))] == [
        "create",
        "delete",
    ]
    stale = await client.patch(url, json={"summary": "x"}, headers={"If-Match": '"1"'})
    assert_problem(stale, 412)
    foreign = await client.patch(url, json={"action_items": [{"id": str(uuid.uuid4())}]})
    assert error_locs(foreign) == [["body", "action_items", 0, "id"]]


async def test_last_interaction_follows_edits_and_deletes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    agreement_id, _ = await _active(session)
    older = await created(
        client, log_url(agreement_id), {"occurred_on": str(days(-40)), "kind": "call"}
    )
    newer = await created(
        client, log_url(agreement_id), {"occurred_on": str(days(-5)), "kind": "call"}
    )

    async def last() -> str | None:
        return (await client.get(f"{AGREEMENTS}/{agreement_id}")).json()["health"][
            "last_interaction_on"
        ]

    assert await last() == str(days(-5))
    moved = await client.patch(
        f"{log_url(agreement_id)}/{newer['id']}", json={"occurred_on": str(days(-50))}
    )
    assert moved.status_code == 200
    assert await last() == str(days(-40))
    deleted = await client.delete(
        f"{log_url(agreement_id)}/{older['id']}", headers={"If-Match": '"1"'}
    )
    assert deleted.status_code == 204
    assert await last() == str(days(-50))
    await client.delete(f"{log_url(agreement_id)}/{newer['id']}")
    assert await last() is None


async def test_action_item_worklist(client: httpx.AsyncClient, session: AsyncSession) -> None:
    agreement_id, owner_id = await _active(session)
    someone_else = await make_person(session)
    await client.post(
        log_url(agreement_id),
        json={
            "occurred_on": str(days(-3)),
            "kind": "meeting",
            "action_items": [
                {"text": "Late", "owner_id": str(owner_id), "due_date": str(days(-1))},
                {"text": "Soon", "owner_id": str(owner_id), "due_date": str(days(2))},
                {"text": "Someday", "owner_id": str(owner_id)},
                {"text": "Done", "owner_id": str(owner_id), "done": True},
                {"text": "Not mine", "owner_id": str(someone_else.id)},
            ],
        },
    )

    async def texts(query: str) -> list[str]:
        response = await client.get(f"{ACTION_ITEMS}?{query}")
        assert response.status_code == 200, response.text
        return [i["text"] for i in response.json()["items"]]

    assert await texts(f"owner_id={owner_id}&open=true") == ["Late", "Soon", "Someday"]
    assert await texts(f"owner_id={owner_id}&open=false") == ["Done"]
    assert await texts(f"owner_id={owner_id}&overdue=true") == ["Late"]
    assert await texts(f"owner_id={owner_id}&open=true&sort=-due_date") == [
        "Someday",
        "Soon",
        "Late",
    ]
    first = await client.get(f"{ACTION_ITEMS}?owner_id={owner_id}&open=true&limit=2")
    rest = await client.get(
        f"{ACTION_ITEMS}?owner_id={owner_id}&open=true&limit=2&cursor={first.json()['next_cursor']}"
    )
    assert [i["text"] for i in first.json()["items"] + rest.json()["items"]] == [
        "Late",
        "Soon",
        "Someday",
    ]
    assert await texts(f"agreement_id={agreement_id}&due_before={days(0)}") == ["Late"]
    agreement = (await client.get(f"{AGREEMENTS}/{agreement_id}")).json()
    assert (
        agreement["health"]["open_action_items"],
        agreement["health"]["overdue_action_items"],
    ) == (4, 1)


async def test_tick_an_action_item_done(client: httpx.AsyncClient, session: AsyncSession) -> None:
    agreement_id, owner_id = await _active(session)
    call = {"occurred_on": str(days(0)), "kind": "call", "action_items": [{"text": "Call back"}]}
    logged = await created(client, log_url(agreement_id), call)
    item_url = f"{ACTION_ITEMS}/{logged['action_items'][0]['id']}"
    done = await client.patch(item_url, json={"done": True}, headers={"If-Match": '"1"'})
    assert done.status_code == 200, done.text
    assert (done.json()["done"], done.json()["version"]) == (True, 2)
    assert done.json()["done_at"] is not None
    assert_problem(
        await client.patch(item_url, json={"done": False}, headers={"If-Match": '"1"'}), 412
    )
    reopened = await client.patch(item_url, json={"done": False, "owner_id": str(owner_id)})
    assert (reopened.json()["done"], reopened.json()["done_at"]) == (False, None)
    assert_problem(await client.patch(item_url, json={"owner_id": str(uuid.uuid4())}), 422)
    assert_problem(await client.patch(item_url, json={"text": None}), 422)
    assert_problem(await client.get(f"{ACTION_ITEMS}/{uuid.uuid4()}"), 404)
    assert (await client.get(item_url)).json()["owner_id"] == str(owner_id)
