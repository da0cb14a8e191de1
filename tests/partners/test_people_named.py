"""An agreement's log names people of its parties or people the caller sees, never any
person id from anywhere."""

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.partners.models import ActionItem
from tests.conftest import SignIn
from tests.directory.factories import make_assignment, make_person, make_school
from tests.partners.factories import make_agreement, make_partner, make_partner_person
from tests.partners.helpers import error_locs


async def test_attendees_and_owners_come_from_the_agreement_or_the_caller_s_scope(
    session: AsyncSession, sign_in: SignIn
) -> None:
    ours, theirs = await make_school(session), await make_school(session)
    partner = await make_partner(session)
    agreement = await make_agreement(session, partner, [ours])
    principal = await make_person(session)
    await make_assignment(session, principal, school=ours, role="principal")
    director = await make_partner_person(session, partner)
    stranger = await make_person(session, notes="Another district's contact")
    await make_assignment(session, stranger, school=theirs)
    coordinator = await sign_in(Role.coordinator, school_ids=[ours.id])
    partner_user = await sign_in(Role.partner, partner_id=partner.id)
    log = f"/api/v1/agreements/{agreement.id}/interactions"
    today = dt.date.today().isoformat()

    def meeting(*attendees: object, owner: object = None) -> dict[str, object]:
        items = [{"text": "Send the roster", "owner_id": str(owner)}] if owner else []
        return {
            "occurred_on": today,
            "kind": "meeting",
            "attendee_ids": [str(a) for a in attendees],
            "action_items": items,
        }

    for caller in (coordinator, partner_user):
        refused = await caller.post(log, json=meeting(principal.id, stranger.id, owner=stranger.id))
        assert refused.status_code == 422, refused.text
        assert error_locs(refused) == [
            ["body", "attendee_ids", 1],
            ["body", "action_items", 0, "owner_id"],
        ]
    # The partner cannot read the school's staff, yet logs a meeting with its principal.
    logged = await partner_user.post(
        log, json=meeting(principal.id, director.id, owner=principal.id)
    )
    assert logged.status_code == 201, logged.text
    url = logged.headers["location"]
    # The coordinator edits the log the partner wrote; the people on it stay.
    edited = await coordinator.patch(url, json={"summary": "Agreed on Tuesdays"})
    assert edited.status_code == 200, edited.text
    added = await coordinator.patch(url, json={"attendee_ids": [str(stranger.id)]})
    assert error_locs(added) == [["body", "attendee_ids", 0]]
    (item,) = logged.json()["action_items"]
    item_url = f"/api/v1/action-items/{item['id']}"
    reassigned = await coordinator.patch(item_url, json={"owner_id": str(stranger.id)})
    assert reassigned.status_code == 422, reassigned.text
    assert error_locs(reassigned) == [["body", "owner_id"]]
    handed = await partner_user.patch(item_url, json={"owner_id": str(director.id)})
    assert handed.status_code == 200, handed.text
    stored = await session.get(ActionItem, uuid.UUID(item["id"]))
    assert stored is not None
    await session.refresh(stored)
    assert stored.owner_id == director.id
