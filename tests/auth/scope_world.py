"""The world the scope matrix runs in: an `a` side inside the caller's scope, a `b` side outside.

District A holds school A (with a principal) and an empty school; partner A works at
school A under an active agreement (with an interaction and an action item), a draft
and a proposal, and has one person on its staff. The `b` side mirrors it in district B.
Every role's grant reaches the `a` side only.
"""

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.roles import Role
from api.core.events import Event, EventPlace, Place
from api.directory.models import District, Person, RoleAssignment, School
from api.partners.models import ActionItem, Agreement, Interaction, Partner
from tests.directory.factories import new_assignment, new_district, new_person, new_school
from tests.partners.factories import TODAY, new_agreement, new_interaction, new_partner

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Side:
    district: District
    school: School
    empty_school: School
    person: Person  # the school's principal
    assignment: RoleAssignment
    partner: Partner
    staff: Person  # works at the partner
    staff_role: RoleAssignment
    agreement: Agreement  # active, at `school`
    draft: Agreement
    proposed: Agreement
    interaction: Interaction
    item: ActionItem
    # Records the goals and mentoring areas add (see `Extension`), by name.
    more: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    a: Side
    b: Side
    unplaced_person: Person

    def pick(self, name: str, inside: bool) -> Any:
        side = self.a if inside else self.b
        return side.more[name] if name in side.more else getattr(side, name)


# An area's records on one side: named records (reached with `World.pick`, and out
# of scope on the `b` side) and the levels to save them in, after the side's own.
# Extensions run in order, so a later one may use an earlier one's records.
Extension = Callable[[Side], tuple[dict[str, Any], list[list[Any]]]]


def ein() -> str:
    digits = f"{uuid.uuid4().int % 10**9:09d}"
    return f"{digits[:2]}-{digits[2:]}"


Placed = list[tuple[Event, tuple[Place, ...]]]


def _side(state: str) -> tuple[Side, list[list[Any]], Placed]:
    """One side's records, the order to save them in (each level refers only to records
    of the levels before it: the models declare no relationships to sort by), and its
    events with their places."""
    district, partner = new_district(state=state), new_partner(ein=ein())
    person, staff = new_person(), new_person()
    school, empty_school = new_school(district), new_school(district)
    assignment = new_assignment(person, school=school, role="principal")
    staff_role = new_assignment(staff, partner_id=partner.id, role="director")
    agreement, agreement_rows = new_agreement(
        partner, [school], status="active", last_interaction_on=TODAY
    )
    draft, draft_rows = new_agreement(partner, [school], services=())
    proposed, proposed_rows = new_agreement(partner, [school], services=(), status="proposed")
    interaction, (item,) = new_interaction(agreement, action_items=[{"text": "Roster"}])
    place = {"partner_id": partner.id, "district_id": district.id, "school_id": school.id}
    at_school, at_partner = Place(district.id, school.id), Place(partner_id=partner.id)
    events = [
        (
            Event(
                actor="test",
                resource=resource,
                resource_id=record.id,
                operation="update",
                version=1,
                **where,
            ),
            places,
        )
        for resource, record, where, places in (
            ("schools", school, {"school_id": school.id, "district_id": district.id}, ()),
            ("agreements", agreement, place, ()),
            # A role assignment's event names its school alone.
            ("role_assignments", assignment, {"school_id": school.id}, ()),
            ("role_assignments", staff_role, {"partner_id": partner.id}, ()),
            # A person's event names the places of their roles.
            ("people", person, {}, (at_school,)),
            ("people", staff, {}, (at_partner,)),
        )
    ]
    side = Side(
        district,
        school,
        empty_school,
        person,
        assignment,
        partner,
        staff,
        staff_role,
        agreement,
        draft,
        proposed,
        interaction,
        item,
    )
    levels = [
        [district, partner, person, staff],
        [school, empty_school, staff_role],
        [assignment, agreement, draft, proposed],
        [*agreement_rows, *draft_rows, *proposed_rows, interaction],
        [item, *(event for event, _ in events)],
    ]
    return side, levels, events


def _extend(side: Side, extensions: Sequence[Extension]) -> list[list[Any]]:
    levels: list[list[Any]] = []
    for extension in extensions:
        records, extra_levels = extension(side)
        side.more.update(records)
        levels += extra_levels
    return levels


async def build_world(session: AsyncSession, extensions: Sequence[Extension] = ()) -> World:
    """Both sides in a few flushes: the world is built afresh for every test of the grid."""
    (a, a_levels, a_events), (b, b_levels, b_events) = _side("CA"), _side("TX")
    unplaced = new_person()
    session.add(unplaced)
    for a_level, b_level in zip(a_levels, b_levels, strict=True):
        session.add_all([*a_level, *b_level])
        await session.flush()
    for a_level, b_level in zip(_extend(a, extensions), _extend(b, extensions), strict=True):
        session.add_all([*a_level, *b_level])
        await session.flush()
    # An event's places need its sequence number, known once it is saved.
    session.add_all(
        EventPlace(seq=event.seq, position=position, **asdict(place))
        for event, places in [*a_events, *b_events]
        for position, place in enumerate(places)
    )
    await session.flush()
    return World(a, b, unplaced)


def grant_for(role: Role, world: World) -> dict[str, Any]:
    return {
        Role.admin: {},
        Role.district_manager: {"district_ids": [world.a.district.id]},
        Role.coordinator: {"school_ids": [world.a.school.id, world.a.empty_school.id]},
        Role.partner: {"partner_id": world.a.partner.id},
        Role.viewer: {"district_ids": [world.a.district.id]},
    }[role]


def out_of_scope_ids(world: World, role: Role) -> set[str]:
    """Ids of the `b` side no caller but an administrator may learn.

    Partner organisations are a shared catalogue for school and district staff (they
    look partners up to start an agreement), so partner B is hidden only from a partner.
    """
    b = world.b
    hidden = [
        b.district,
        b.school,
        b.empty_school,
        b.person,
        b.assignment,
        b.staff,
        b.staff_role,
        b.agreement,
        b.draft,
        b.proposed,
        b.interaction,
        b.item,
    ]
    hidden += [record for record in b.more.values() if hasattr(record, "id")]
    if role is Role.partner:
        hidden.append(b.partner)
    return {str(record.id) for record in hidden}


def ids_in(text: str) -> set[str]:
    return set(UUID.findall(text))
