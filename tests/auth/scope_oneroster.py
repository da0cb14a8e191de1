"""OneRoster import and export in the scope matrix.

The matrix sends JSON bodies, so the import gets none: whoever may import into the
district named is then told the body is not a zip (422); the tests in
tests/directory/test_oneroster_*.py send real zips.
"""

from tests.auth.scope_expect import ADMIN, CO, DM, PA, VI, Ops, lists

ONEROSTER: Ops = {
    "importOnerosterZip": (
        lambda w, i: (
            "POST",
            f"/imports/oneroster?district_id={w.pick('district', i).id}&state=CA",
            None,
        ),
        {ADMIN: (422, 422), DM: (422, 403), CO: (403, 403), PA: (403, 403), VI: (403, 403)},
    ),
    "exportOnerosterZip": (lambda w, i: ("GET", "/exports/oneroster.zip", None), lists()),
}
