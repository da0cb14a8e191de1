"""Every operation declares what it can answer, each error as the one Problem schema."""

import re
import uuid
from typing import Any

import httpx

from api.core.errors import PROBLEM_JSON
from api.main import create_app
from tests.conftest import settings_for_tests

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = create_app(settings_for_tests()).openapi()
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/")
    ]


def test_every_error_is_a_problem_document() -> None:
    for path, method, operation in operations():
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {PROBLEM_JSON: {"schema": PROBLEM}}, (
                    method,
                    path,
                    status,
                )


def test_fastapi_validation_schema_is_gone() -> None:
    spec = create_app(settings_for_tests()).openapi()
    assert "HTTPValidationError" not in str(spec)
    assert set(spec["components"]["schemas"]["Problem"]["required"]) == {
        "type",
        "title",
        "status",
        "detail",
    }


def test_what_a_route_uses_is_declared() -> None:
    for path, method, operation in operations():
        declared = set(operation["responses"])
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        expected = {"400", "503"}
        if operation.get("security") != [{"HTTPBasic": []}, {}]:
            expected |= {"401", "429"}
        if "{" in path:
            expected.add("404")
        if "requestBody" in operation:
            expected |= {"413", "415", "422"}
        if "If-Match" in headers:
            expected.add("412")
        if "If-None-Match" in headers:
            expected.add("304")
        assert expected <= declared, (method, path, expected - declared)
        if "requestBody" not in operation and "Idempotency-Key" not in headers:
            assert "422" not in declared, (method, path)


def test_creates_declare_location_and_etag() -> None:
    created = [op for _, method, op in operations() if "201" in op["responses"]]
    assert len(created) > 8
    for operation in created:
        assert {"Location", "ETag"} <= set(operation["responses"]["201"]["headers"])


def test_token_endpoint_needs_no_bearer_token() -> None:
    token = next(op for path, _, op in operations() if path == "/api/v1/auth/token")
    assert {} in token["security"]
    assert all("OAuth2PasswordBearer" not in s for s in token["security"])


def test_sort_names_only_sortable_fields() -> None:
    from api.directory.service import schools

    schools_list = next(
        op for path, method, op in operations() if path == "/api/v1/schools" and method == "get"
    )
    sort = next(p for p in schools_list["parameters"] if p["name"] == "sort")
    (text,) = [choice for choice in sort["schema"]["anyOf"] if choice["type"] == "string"]
    pattern = re.compile(text["pattern"])
    assert pattern.match("name,-updated_at")
    assert not pattern.match("colour")
    assert not pattern.match("name,")
    assert all(pattern.match(f"-{name}") for name in schools.SORTABLE)


def test_merge_patches_allow_null_only_where_it_clears() -> None:
    schemas = create_app(settings_for_tests()).openapi()["components"]["schemas"]
    name = schemas["SchoolUpdate"]["properties"]["name"]
    assert name["type"] == "string"
    assert "anyOf" not in name
    city = schemas["SchoolUpdate"]["properties"]["city"]
    assert {"type": "null"} in city["anyOf"]


def test_enum_schemas_have_distinct_titles() -> None:
    schemas = create_app(settings_for_tests()).openapi()["components"]["schemas"]
    titles = [schema.get("title") for schema in schemas.values() if "enum" in schema]
    assert len(titles) == len(set(titles))
    assert {"Role", "StaffRole"} <= set(schemas)


async def test_method_not_allowed_names_every_method_of_the_path(
    client: httpx.AsyncClient,
) -> None:
    collection = await client.delete("/api/v1/schools")
    assert collection.status_code == 405
    assert collection.headers["allow"] == "GET, POST"
    item = await client.put(f"/api/v1/schools/{uuid.uuid4()}", json={})
    assert item.status_code == 405
    assert item.headers["allow"] == "DELETE, GET, PATCH"
    assert item.headers["content-type"] == PROBLEM_JSON


def test_creates_link_to_what_they_made() -> None:
    spec = create_app(settings_for_tests()).openapi()
    create = spec["paths"]["/api/v1/agreements/{agreement_id}/interactions"]["post"]
    links = create["responses"]["201"]["links"]
    assert set(links) == {"getInteraction", "updateInteraction", "deleteInteraction"}
    assert links["getInteraction"]["parameters"] == {
        "agreement_id": "$request.path.agreement_id",
        "interaction_id": "$response.body#/id",
    }
    operations = [op for item in spec["paths"].values() for op in item.values()]
    linked = {
        op["operationId"]
        for op in operations
        if any(op["responses"].get(status, {}).get("links") for status in ("201", "202"))
    }
    creates = {op["operationId"] for op in operations if op["operationId"].startswith("create")}
    assert creates <= linked, creates - linked
