"""The partners area's resources in the change feed."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.partners import agreements_visible
from api.core.feed_registry import (
    FeedResource,
    Parent,
    bodies_reader,
    register,
    rows_reader,
    shaped,
    today,
)
from api.core.scope import Scope
from api.partners.models import ActionItem, Agreement, Interaction, Partner
from api.partners.schemas import ActionItemRead, PartnerRead
from api.partners.service import action_items, agreements, interactions, partners


def _interactions(scope: Scope) -> Select[Any]:
    return select(*interactions.READ_COLUMNS).where(
        Interaction.agreement_id.in_(select(Agreement.id).where(agreements_visible(scope)))
    )


async def _agreement_bodies(
    session: AsyncSession, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    return await agreements.bodies(session, rows, today())


register(
    FeedResource(
        resource=partners.RESOURCE,
        model=Partner,
        collection="/partners",
        read=rows_reader(
            lambda scope: partners.filtered(scope, partners.PartnerFilters(), today()),
            Partner,
            shaped(PartnerRead),
        ),
        keys=("ein", "external_id"),
    ),
    FeedResource(
        resource=agreements.RESOURCE,
        model=Agreement,
        collection="/agreements",
        read=bodies_reader(
            lambda scope: agreements.filtered(scope, agreements.AgreementFilters(), today()),
            Agreement,
            _agreement_bodies,
        ),
        parent=Parent(partners.RESOURCE, "partner_id"),
    ),
    FeedResource(
        resource=interactions.RESOURCE,
        model=Interaction,
        collection="/agreements/{parent_id}/interactions",
        read=bodies_reader(_interactions, Interaction, interactions.bodies),
        parent=Parent(agreements.RESOURCE, "agreement_id"),
    ),
    FeedResource(
        resource=action_items.RESOURCE,
        model=ActionItem,
        collection="/action-items",
        read=rows_reader(
            lambda scope: action_items.filtered(scope, action_items.ActionItemFilters(), today()),
            ActionItem,
            shaped(ActionItemRead),
        ),
        parent=Parent(interactions.RESOURCE, "interaction_id"),
    ),
)
