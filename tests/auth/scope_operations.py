"""Every operation of the API with what each role may expect from it, inside and outside scope.

Each entry builds one request against the world's `a` side (inside) or `b` side
(outside) and names the status per role as (inside, outside); an int is the HTTP
status, a str the status of the one row of a bulk answer.
"""

import uuid
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.auth.scope_expect import (  # noqa: F401  (re-exported for the area modules)
    ADMIN,
    CO,
    DM,
    PA,
    VI,
    Build,
    Expect,
    Ops,
    Pair,
    Request,
    admin_only,
    catalogue,
    lists,
    own_reads,
    own_writes,
    reads,
    staff_writes,
    writes,
)
from tests.auth.scope_feed import FEED
from tests.auth.scope_goals import GOALS
from tests.auth.scope_imports import IMPORTS
from tests.auth.scope_mentoring import MENTORING
from tests.auth.scope_oneroster import ONEROSTER
from tests.auth.scope_webhooks import WEBHOOKS
from tests.auth.scope_world import World
from tests.partners.factories import TODAY
from tests.partners.helpers import agreement_body


def nces() -> str:
    return f"{uuid.uuid4().int % 10**12:012d}"


def school_body(district: Any) -> dict[str, Any]:
    return {
        "name": "New School",
        "district_id": str(district.id),
        "state": district.state,
        "nces_id": nces(),
    }


def agreement(w: World, i: bool, suffix: str = "", name: str = "agreement") -> str:
    return f"/agreements/{w.pick(name, i).id}{suffix}"


def interaction(w: World, i: bool) -> str:
    return agreement(w, i, f"/interactions/{w.pick('interaction', i).id}")


DIRECTORY: Ops = {
    "listSchools": (lambda w, i: ("GET", "/schools", None), lists()),
    "listDistricts": (lambda w, i: ("GET", "/districts", None), lists()),
    "listPeople": (lambda w, i: ("GET", "/people", None), lists()),
    "listRoleAssignments": (lambda w, i: ("GET", "/role-assignments", None), lists()),
    # A partner organisation sees the schools its agreements serve and their districts
    # (public directory data), never the staff there.
    "getSchool": (lambda w, i: ("GET", f"/schools/{w.pick('school', i).id}", None), own_reads()),
    "getDistrict": (
        lambda w, i: ("GET", f"/districts/{w.pick('district', i).id}", None),
        own_reads(),
    ),
    "createSchool": (
        lambda w, i: ("POST", "/schools", school_body(w.pick("district", i))),
        {ADMIN: (201, 201), DM: (201, 422), CO: (403, 422), PA: (403, 403), VI: (403, 403)},
    ),
    "updateSchool": (
        lambda w, i: ("PATCH", f"/schools/{w.pick('school', i).id}", {"phone": "(555) 010-2000"}),
        writes(200),
    ),
    "deleteSchool": (
        lambda w, i: ("DELETE", f"/schools/{w.pick('empty_school', i).id}", None),
        writes(204) | {CO: (403, 404)},
    ),
    "bulkUpsertSchools": (
        lambda w, i: ("POST", "/schools/bulk", {"items": [school_body(w.pick("district", i))]}),
        {
            ADMIN: ("created", "created"),
            DM: ("created", "error"),
            CO: ("error", "error"),
            PA: (403, 403),
            VI: (403, 403),
        },
    ),
    "createDistrict": (
        lambda w, i: ("POST", "/districts", {"name": "New District", "state": "NV"}),
        admin_only(201),
    ),
    "updateDistrict": (
        lambda w, i: ("PATCH", f"/districts/{w.pick('district', i).id}", {"city": "Elsewhere"}),
        writes(200) | {CO: (403, 404)},
    ),
    "deleteDistrict": (
        lambda w, i: ("DELETE", f"/districts/{w.pick('district', i).id}", None),
        writes(409) | {CO: (403, 404)},
    ),
    "bulkUpsertDistricts": (
        lambda w, i: (
            "POST",
            "/districts/bulk",
            {
                "items": [
                    {
                        "id": str(w.pick("district", i).id),
                        "name": "Renamed",
                        "state": w.pick("district", i).state,
                    }
                ]
            },
        ),
        {
            ADMIN: ("updated", "updated"),
            DM: ("updated", "error"),
            CO: ("error", "error"),
            PA: (403, 403),
            VI: (403, 403),
        },
    ),
    # A partner organisation adds contacts to place at itself (see ON_STAFF).
    "createPerson": (
        lambda w, i: ("POST", "/people", {"given_name": "New", "family_name": "Person"}),
        {ADMIN: (201, 201), DM: (201, 201), CO: (201, 201), PA: (201, 201), VI: (403, 403)},
    ),
    "bulkUpsertPeople": (
        lambda w, i: (
            "POST",
            "/people/bulk",
            {
                "items": [
                    {
                        "id": str(w.pick("person", i).id),
                        "given_name": "Renamed",
                        "family_name": "Person",
                    }
                ]
            },
        ),
        {
            ADMIN: ("updated", "updated"),
            DM: ("updated", "error"),
            CO: ("updated", "error"),
            PA: (403, 403),
            VI: (403, 403),
        },
    ),
    "createRoleAssignment": (
        lambda w, i: (
            "POST",
            "/role-assignments",
            {
                "person_id": str(w.unplaced_person.id),
                "school_id": str(w.pick("school", i).id),
                "role": "teacher",
            },
        ),
        {ADMIN: (201, 201), DM: (201, 422), CO: (201, 422), PA: (422, 422), VI: (403, 403)},
    ),
}


def one_person(person: str, role: str, read: Expect, write: Callable[[int], Expect]) -> Ops:
    """Reading and changing one person (`person`) and their role assignment (`role`)."""
    return {
        "getPerson": (lambda w, i: ("GET", f"/people/{w.pick(person, i).id}", None), read),
        "updatePerson": (
            lambda w, i: ("PATCH", f"/people/{w.pick(person, i).id}", {"notes": "Mornings"}),
            write(200),
        ),
        "verifyPerson": (
            lambda w, i: ("POST", f"/people/{w.pick(person, i).id}/verify", None),
            write(200),
        ),
        "deletePerson": (
            lambda w, i: ("DELETE", f"/people/{w.pick(person, i).id}", None),
            write(204),
        ),
        "getRoleAssignment": (
            lambda w, i: ("GET", f"/role-assignments/{w.pick(role, i).id}", None),
            read,
        ),
        "updateRoleAssignment": (
            lambda w, i: ("PATCH", f"/role-assignments/{w.pick(role, i).id}", {"title": "Lead"}),
            write(200),
        ),
        "deleteRoleAssignment": (
            lambda w, i: ("DELETE", f"/role-assignments/{w.pick(role, i).id}", None),
            write(204),
        ),
    }


# A school's principal: a partner organisation may change people, but not these.
DIRECTORY |= one_person("person", "assignment", reads(), staff_writes)

# The people operations again, on a partner organisation's own staff: the partner manages
# them; school and district staff manage those of partners working with them.
ON_STAFF: Ops = one_person("staff", "staff_role", own_reads(), own_writes) | {
    "createRoleAssignment": (
        lambda w, i: (
            "POST",
            "/role-assignments",
            {
                "person_id": str(w.unplaced_person.id),
                "partner_id": str(w.pick("partner", i).id),
                "role": "associate",
            },
        ),
        {ADMIN: (201, 201), DM: (201, 422), CO: (201, 422), PA: (201, 422), VI: (403, 403)},
    ),
}

ACCOUNTS: Ops = {
    "listEvents": (lambda w, i: ("GET", "/events", None), lists()),
    "getMe": (lambda w, i: ("GET", "/me", None), lists()),
    "logout": (lambda w, i: ("POST", "/auth/logout", None), dict.fromkeys(Role, (204, 204))),
    "listUsers": (lambda w, i: ("GET", "/users", None), admin_only(200)),
    "getUser": (lambda w, i: ("GET", f"/users/{uuid.uuid4()}", None), admin_only(404)),
    "createUser": (
        lambda w, i: (
            "POST",
            "/users",
            {
                "email": f"{uuid.uuid4().hex}@example.org",
                "display_name": "N",
                "password": "a-long-enough-password",
                "role": "admin",
            },
        ),
        admin_only(201),
    ),
    "updateUser": (
        lambda w, i: ("PATCH", f"/users/{uuid.uuid4()}", {"display_name": "X"}),
        admin_only(404),
    ),
    "listApiClients": (lambda w, i: ("GET", "/api-clients", None), admin_only(200)),
    "getApiClient": (lambda w, i: ("GET", f"/api-clients/{uuid.uuid4()}", None), admin_only(404)),
    "createApiClient": (
        lambda w, i: ("POST", "/api-clients", {"name": "SIS sync", "role": "admin"}),
        admin_only(201),
    ),
    "rotateApiClientSecret": (
        lambda w, i: ("POST", f"/api-clients/{uuid.uuid4()}/rotate", None),
        admin_only(404),
    ),
    "revokeApiClient": (
        lambda w, i: ("POST", f"/api-clients/{uuid.uuid4()}/revoke", None),
        admin_only(404),
    ),
}

PARTNERS: Ops = {
    "listPartners": (lambda w, i: ("GET", "/partners", None), lists()),
    "createPartner": (
        lambda w, i: ("POST", "/partners", {"name": "New Org", "kind": "nonprofit"}),
        {ADMIN: (201, 201), DM: (201, 201), CO: (201, 201), PA: (403, 403), VI: (403, 403)},
    ),
    # Matched by EIN, so the answer must not name a partner the caller cannot see.
    "bulkUpsertPartners": (
        lambda w, i: (
            "POST",
            "/partners/bulk",
            {"items": [{"ein": w.pick("partner", i).ein, "name": "Renamed", "kind": "other"}]},
        ),
        catalogue("updated", "error", "error"),
    ),
    "getPartner": (
        lambda w, i: ("GET", f"/partners/{w.pick('partner', i).id}", None),
        lists() | {PA: (200, 404)},
    ),
    "updatePartner": (
        lambda w, i: ("PATCH", f"/partners/{w.pick('partner', i).id}", {"phone": "555-0101"}),
        catalogue(200, 403),
    ),
    # Both partners have agreements, so whoever may delete one is told to deactivate it.
    "deletePartner": (
        lambda w, i: ("DELETE", f"/partners/{w.pick('partner', i).id}", None),
        catalogue(409, 403),
    ),
    "listPartnerPeople": (
        lambda w, i: ("GET", f"/partners/{w.pick('partner', i).id}/people", None),
        lists() | {PA: (200, 404)},
    ),
    "listAgreements": (lambda w, i: ("GET", "/agreements", None), lists()),
    "createAgreement": (
        lambda w, i: (
            "POST",
            "/agreements",
            agreement_body(w.pick("partner", i).id, [w.pick("school", i).id]),
        ),
        {ADMIN: (201, 201), DM: (201, 422), CO: (201, 422), PA: (201, 422), VI: (403, 403)},
    ),
    "getAgreement": (lambda w, i: ("GET", agreement(w, i), None), own_reads()),
    "updateAgreement": (
        lambda w, i: ("PATCH", agreement(w, i), {"document_url": "https://example.org/mou"}),
        own_writes(200),
    ),
    "deleteAgreement": (
        lambda w, i: ("DELETE", agreement(w, i, name="draft"), None),
        own_writes(204),
    ),
    "proposeAgreement": (
        lambda w, i: ("POST", agreement(w, i, "/propose", "draft"), None),
        own_writes(200),
    ),
    "activateAgreement": (
        lambda w, i: ("POST", agreement(w, i, "/activate", "proposed"), None),
        own_writes(200),
    ),
    "terminateAgreement": (
        lambda w, i: ("POST", agreement(w, i, "/terminate"), {"reason": "Funding ended"}),
        own_writes(200),
    ),
    "withdrawAgreement": (
        lambda w, i: ("POST", agreement(w, i, "/withdraw", "proposed"), None),
        own_writes(200),
    ),
    "renewAgreement": (
        lambda w, i: ("POST", agreement(w, i, "/renew"), None),
        own_writes(201),
    ),
    "listInteractions": (
        lambda w, i: ("GET", agreement(w, i, "/interactions"), None),
        own_reads(),
    ),
    "createInteraction": (
        lambda w, i: (
            "POST",
            agreement(w, i, "/interactions"),
            {"occurred_on": str(TODAY), "kind": "call"},
        ),
        own_writes(201),
    ),
    "getInteraction": (lambda w, i: ("GET", interaction(w, i), None), own_reads()),
    "updateInteraction": (
        lambda w, i: ("PATCH", interaction(w, i), {"summary": "Agreed the schedule"}),
        own_writes(200),
    ),
    "deleteInteraction": (lambda w, i: ("DELETE", interaction(w, i), None), own_writes(204)),
    "listActionItems": (lambda w, i: ("GET", "/action-items", None), lists()),
    "getActionItem": (
        lambda w, i: ("GET", f"/action-items/{w.pick('item', i).id}", None),
        own_reads(),
    ),
    "updateActionItem": (
        lambda w, i: ("PATCH", f"/action-items/{w.pick('item', i).id}", {"done": True}),
        own_writes(200),
    ),
    "getPartnershipMetrics": (lambda w, i: ("GET", "/metrics/partnerships", None), lists()),
}

OPERATIONS: Ops = (
    DIRECTORY | ACCOUNTS | PARTNERS | FEED | GOALS | MENTORING | ONEROSTER | WEBHOOKS | IMPORTS
)
PUBLIC = {"healthz", "readyz", "issueToken"}
