"""Import jobs in the scope matrix. The matrix sends JSON bodies, so a new job gets none
and whoever may import is told the form is missing (422); a job is its district's, and
the matrix asks for one nobody holds (an unknown id). Jobs with real files are tested in
tests/integrations/imports/."""

import uuid

from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Ops


def job(suffix: str = "") -> str:
    return f"/imports/{uuid.uuid4()}{suffix}"


IMPORTERS_ONLY = {ADMIN: (404, 404), DM: (404, 404), CO: (403, 403), PA: (403, 403), VI: (403, 403)}

IMPORTS: Ops = {
    "createImport": (
        lambda w, i: ("POST", "/imports", None),
        {ADMIN: (422, 422), DM: (422, 422), CO: (403, 403), PA: (403, 403), VI: (403, 403)},
    ),
    "listImports": (
        lambda w, i: ("GET", "/imports", None),
        {ADMIN: (200, 200), DM: (200, 200), CO: (403, 403), PA: (403, 403), VI: (403, 403)},
    ),
    "getImport": (lambda w, i: ("GET", job(), None), IMPORTERS_ONLY),
    "getImportFailedRows": (lambda w, i: ("GET", job("/failed-rows"), None), IMPORTERS_ONLY),
    "applyImport": (lambda w, i: ("POST", job("/apply"), None), IMPORTERS_ONLY),
    "cancelImport": (lambda w, i: ("POST", job("/cancel"), None), IMPORTERS_ONLY),
}
