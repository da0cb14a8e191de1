"""The published schema states the rules the server checks, so a client generated from it
(or a fuzzer) sends nothing the server refuses for its shape."""

import re
from typing import Any

import pytest
from fastapi import FastAPI

from api.core.openapi import NO_NUL, NOT_BLANK


@pytest.fixture
def schemas(app: FastAPI) -> dict[str, Any]:
    return dict(app.openapi()["components"]["schemas"])


def _choice(field: dict[str, Any]) -> dict[str, Any]:
    """The non-null choice of an optional field."""
    return next(c for c in field.get("anyOf", [field]) if c.get("type") != "null")


def test_text_excludes_nul_and_required_text_is_not_blank(schemas: dict[str, Any]) -> None:
    person = schemas["PersonCreate"]["properties"]
    assert person["given_name"]["pattern"] == NOT_BLANK
    assert _choice(person["notes"])["pattern"] == NO_NUL
    for refused in ("", " \n\t", "a\x00"):
        assert re.search(NOT_BLANK, refused) is None
    assert re.search(NOT_BLANK, " Ana ") is not None
    # A problem echoes what it refuses, NUL included.
    assert "pattern" not in str(schemas["ProblemItem"])


def test_email_state_and_locale_state_what_the_validators_take(schemas: dict[str, Any]) -> None:
    email = _choice(schemas["PersonCreate"]["properties"]["email"])["pattern"]
    for taken in ("ana@example.org", "b@mail.district.k12.ca.us"):
        assert re.search(email, taken), taken
    for refused in ("ana@school.test", "a@b.local", "a@localhost", "a@b"):
        assert re.search(email, refused) is None, refused
    state = _choice(schemas["SchoolUpdate"]["properties"]["state"])["pattern"]
    assert [bool(re.search(state, code)) for code in ("ca", "VT", "00", "XX")] == [
        True,
        True,
        False,
        False,
    ]
    locale = _choice(schemas["SchoolCreate"]["properties"]["locale_code"])
    assert locale["enum"] == [11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43]


def test_lists_of_distinct_values_and_patch_items_say_so(schemas: dict[str, Any]) -> None:
    assert _choice(schemas["PartnerUpdate"]["properties"]["focus_areas"])["uniqueItems"] is True
    assert schemas["InteractionCreate"]["properties"]["attendee_ids"]["uniqueItems"] is True
    new_or_kept = schemas["ActionItemPatch"]["anyOf"]
    assert [choice["required"] for choice in new_or_kept] == [["id"], ["text"]]
