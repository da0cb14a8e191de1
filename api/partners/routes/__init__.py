from fastapi import APIRouter

from api.core.transactions import TransactionalRoute
from api.partners.routes import action_items, actions, agreements, interactions, metrics, partners

router = APIRouter(route_class=TransactionalRoute, tags=["partners"])
for module in (partners, agreements, actions, interactions, action_items, metrics):
    router.include_router(module.router)
