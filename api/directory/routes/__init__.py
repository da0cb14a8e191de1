from fastapi import APIRouter

from api.core.transactions import TransactionalRoute
from api.directory.routes import assignments, districts, people, schools

router = APIRouter(route_class=TransactionalRoute, tags=["directory"])
for module in (districts, schools, people, assignments):
    router.include_router(module.router)
