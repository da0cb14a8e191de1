import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from api.auth.deps import CallerScope
from api.core.responses import FastJSONResponse
from api.core.transactions import Session, TransactionalRoute
from api.partners.schemas import PartnershipMetrics
from api.partners.service import metrics as service
from api.partners.vocabulary import MetricsGroup, ServiceCategory

router = APIRouter(prefix="/metrics", route_class=TransactionalRoute)


def metrics_filters(
    district_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    school_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    partner_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    service_category: Annotated[list[ServiceCategory] | None, Query()] = None,
) -> service.MetricsFilters:
    return service.MetricsFilters(
        district_id=district_id,
        school_id=school_id,
        partner_id=partner_id,
        service_category=service_category,
    )


Filters = Annotated[service.MetricsFilters, Depends(metrics_filters)]


@router.get("/partnerships", response_model=PartnershipMetrics)
async def get_partnership_metrics(
    session: Session,
    scope: CallerScope,
    filters: Filters,
    group_by: Annotated[
        MetricsGroup | None,
        Query(description="Also roll up per district, school, partner or category."),
    ] = MetricsGroup.district,
    limit: Annotated[
        int, Query(ge=1, le=1000, description="Most groups returned, busiest first.")
    ] = 100,
) -> Response:
    """Partnership health rolled up over the agreements in your scope (and filters).

    Counts by status, agreements expiring within 30/60/90 days, the share of
    active agreements overdue for contact, students-served targets, and funding,
    in-kind and time committed by active agreements. Groups are ordered by their
    active agreements, most first.
    """
    body = await service.partnership_metrics(
        session, scope, filters, group_by, limit, dt.date.today()
    )
    return FastJSONResponse(body)
