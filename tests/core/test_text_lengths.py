"""Every text a client may send fits the column that stores it: the schema refuses what
the database would (a too-long value is a 422 on its field, never a 500 on PostgreSQL)."""

from functools import cache
from typing import Any

import pytest
from sqlalchemy import String, Table

from api.auth.models import ApiClient, User
from api.directory.models import District, Person, RoleAssignment, School
from api.main import create_app
from api.partners.models import Agreement, Interaction, Partner
from tests.conftest import settings_for_tests

# Request bodies are named after the record they write: SchoolCreate, SchoolUpsert, ...
# (an action item's text is unbounded TEXT, so it has nothing to check here).
TABLES: dict[str, Table] = {
    "ApiClient": ApiClient.__table__,  # type: ignore[dict-item]
    "User": User.__table__,  # type: ignore[dict-item]
    "District": District.__table__,  # type: ignore[dict-item]
    "School": School.__table__,  # type: ignore[dict-item]
    "Person": Person.__table__,  # type: ignore[dict-item]
    "RoleAssignment": RoleAssignment.__table__,  # type: ignore[dict-item]
    "Partner": Partner.__table__,  # type: ignore[dict-item]
    "Agreement": Agreement.__table__,  # type: ignore[dict-item]
    "Interaction": Interaction.__table__,  # type: ignore[dict-item]
}
WRITES = ("Create", "Update", "Upsert")


@cache
def _schemas() -> dict[str, Any]:
    spec = create_app(settings_for_tests()).openapi()
    return dict(spec["components"]["schemas"])


def _string_max(prop: dict[str, Any], schemas: dict[str, Any]) -> tuple[bool, int | None]:
    """Whether the property takes a string, and the longest it allows."""
    if "$ref" in prop:
        return _string_max(schemas[prop["$ref"].rsplit("/", 1)[1]], schemas)
    if prop.get("type") == "string" and "enum" not in prop:
        return True, prop.get("maxLength", _bounded_by_format(prop))
    for option in prop.get("anyOf", []) + prop.get("oneOf", []):
        is_text, longest = _string_max(option, schemas)
        if is_text:
            return True, longest
    return False, None


def _bounded_by_format(prop: dict[str, Any]) -> int | None:
    """An email address is as long as email-validator allows."""
    if prop.get("format") == "email":
        return 254  # email-validator refuses longer addresses
    return None


def _cases() -> list[tuple[str, str, int]]:
    schemas = _schemas()
    cases = []
    for name, schema in schemas.items():
        record = next((r for r in TABLES if name in {r + w for w in WRITES}), None)
        if record is None:
            continue
        table = TABLES[record]
        for field in schema.get("properties", {}):
            column = table.c.get(field)
            if column is not None and isinstance(column.type, String) and column.type.length:
                cases.append((name, field, column.type.length))
    return cases


CASES = _cases()


def test_the_bodies_that_write_records_are_all_found() -> None:
    found = {name for name, _, _ in CASES}
    assert all(found & {record + write for write in WRITES} for record in TABLES), found


@pytest.mark.parametrize(
    ("schema", "field", "length"), CASES, ids=[f"{s}.{f}" for s, f, _ in CASES]
)
def test_text_fits_its_column(schema: str, field: str, length: int) -> None:
    prop = _schemas()[schema]["properties"][field]
    is_text, longest = _string_max(prop, _schemas())
    if not is_text:
        return  # an enum or another type: its values are known to fit
    assert longest is not None, (schema, field)
    assert longest <= length, (schema, field, longest, length)
