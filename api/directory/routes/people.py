import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import Actor, CallerScope, DirectoryWriteScope, PeopleWriteScope
from api.core.http import BulkRequest
from api.core.listing import Listing, filter_params, list_params
from api.core.pagination import Page
from api.core.params import Ids, UpdatedSince
from api.core.route_kinds import LIST_CSV, READ
from api.core.routes import Upsert, created_record, if_match, no_content, read_response
from api.core.schemas import BulkResult
from api.core.transactions import Session, TransactionalRoute
from api.directory.routes.params import WRITES
from api.directory.schemas import PersonCreate, PersonRead, PersonUpdate, PersonUpsert
from api.directory.service import people as service
from api.directory.vocabulary import StaffRole, Subject

router = APIRouter(prefix="/people", route_class=TransactionalRoute)
COLUMNS = list(PersonRead.model_fields)


Filters = filter_params(
    service.PersonFilters,
    role=Annotated[
        list[StaffRole] | None, Query(description="Holds this current role; repeat for any of.")
    ],
    subject=Annotated[list[Subject] | None, Query(description="Teaches or supports this subject.")],
    school_id=Annotated[
        list[uuid.UUID] | None, Query(description="Currently assigned to this school.")
    ],
    district_id=Annotated[
        list[uuid.UUID] | None, Query(description="Currently assigned to this district.")
    ],
    is_active=bool | None,
    stale_after_days=Annotated[
        int | None,
        Query(
            ge=0,
            le=36500,
            description="Contacts never verified, or verified more than this many days ago.",
        ),
    ],
    sis_id=Annotated[list[str] | None, Query()],
    q=Annotated[
        str | None, Query(min_length=1, max_length=200, description="Search names and email.")
    ],
    updated_since=UpdatedSince,
    ids=Ids,
)
PersonList = Annotated[
    Listing[service.PersonFilters], Depends(list_params(Filters, service.SORTABLE))
]


@router.get("", response_model=Page[PersonRead], **LIST_CSV)
async def list_people(session: Session, scope: CallerScope, listing: PersonList) -> Response:
    """People who hold a role in your scope. `stale_after_days=365` is the re-verification worklist.

    Sortable by `family_name`, `given_name`, `created_at`, `updated_at`, and `last_verified`:
    never verified first, then the longest since verification (ties by `id`).
    """
    people = service.listed(scope, listing.filters)
    return await listing.answer(session, people, COLUMNS, "people.csv")


@router.post("", response_model=PersonRead, **WRITES.create)
async def create_person(
    request: Request, session: Session, scope: PeopleWriteScope, body: PersonCreate
) -> Response:
    """Add a contact; give them a role assignment to place them at a school, a district or a
    partner organisation."""
    person = await service.create_person(session, body)
    return created_record(request, person, PersonRead, "get_person", person_id=person.id)


@router.post("/bulk", response_model=BulkResult, **WRITES.write)
async def bulk_upsert_people(
    scope: DirectoryWriteScope, body: BulkRequest[PersonUpsert], upsert: Upsert
) -> BulkResult:
    """Create or update up to 5,000 people, matched by `id`, then `sis_id`."""
    return await upsert(body, service.PersonRows(scope))


@router.get("/{person_id:uuid}", response_model=PersonRead, **READ)
async def get_person(
    request: Request, session: Session, scope: CallerScope, person_id: uuid.UUID
) -> Response:
    """One contact, with when their details were last verified."""
    person = await service.get_person(session, scope, person_id)
    return read_response(request, person, PersonRead)


@router.patch("/{person_id:uuid}", response_model=PersonRead, **WRITES.change)
async def update_person(
    request: Request,
    session: Session,
    scope: PeopleWriteScope,
    person_id: uuid.UUID,
    body: PersonUpdate,
) -> Response:
    """Change a contact with a JSON merge patch; send `If-Match`.

    A contact who also holds roles outside your scope is shared with everyone they work
    for: 409, change your own role assignments instead.
    """
    person = if_match(request, await service.get_person(session, scope, person_id))
    await service.update_person(session, scope, person, body)
    return read_response(request, person, PersonRead)


@router.post("/{person_id:uuid}/verify", response_model=PersonRead, **WRITES.change)
async def verify_person(
    request: Request,
    session: Session,
    scope: PeopleWriteScope,
    actor: Actor,
    person_id: uuid.UUID,
) -> Response:
    """Record that someone just confirmed this person's contact details (409 for a contact
    who also holds roles outside your scope, as for a change)."""
    person = if_match(request, await service.get_person(session, scope, person_id))
    await service.verify_person(session, scope, person, actor)
    return read_response(request, person, PersonRead)


@router.delete("/{person_id:uuid}", **WRITES.delete)
async def delete_person(
    request: Request, session: Session, scope: PeopleWriteScope, person_id: uuid.UUID
) -> Response:
    """Delete a contact and their role assignments; each leaves a tombstone in the event log.

    You delete only someone who works nowhere but in your scope, and get 409 for someone
    who also holds a role elsewhere: delete or end your own role assignments instead.
    """
    person = if_match(request, await service.get_person(session, scope, person_id))
    await service.delete_person(session, scope, person)
    return no_content()
