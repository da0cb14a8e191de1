"""The published contract, built from the routes themselves: every status an operation
can answer, each error as one `Problem` schema in `application/problem+json`, and the
headers that carry versions, pages, locations and back-off.

What a route uses decides what it declares: a bearer token can be refused (401) or
rate limited (429), a path id can name nothing in scope (404), a body can be too
large (413), of the wrong type (415) or invalid (422), an `If-Match` can be stale
(412), an `If-None-Match` can be current (304). A route adds `responses=` only for
what is its own (a lifecycle's 409, say).
"""

import re
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from api.core.errors import PROBLEM_BASE, PROBLEM_JSON
from api.core.transactions import TransactionalRoute

F = TypeVar("F", bound=Callable[..., Any])
PROBLEM_REF = "#/components/schemas/Problem"
BODY_METHODS = frozenset({"post", "put", "patch"})
WRITE_METHODS = BODY_METHODS | {"delete"}
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")
# What FastAPI writes when a route names a status without describing it.
DEFAULT_DESCRIPTIONS = {"Validation Error", *(status.phrase for status in HTTPStatus)}

ERROR_DESCRIPTIONS = {
    400: "Bad query, path or header: an unknown parameter, a bad filter, sort or cursor.",
    401: "No bearer token, or one that is invalid, expired or revoked.",
    403: "Your role may not do this.",
    404: "No such record, or it is outside your scope.",
    409: "Conflicts with another record, the record's state, or a request in flight "
    "with the same `Idempotency-Key`.",
    412: "`If-Match` names an older version; `current_version` is the stored one.",
    413: "The body is larger than allowed.",
    415: "The body is not JSON.",
    422: "The body is invalid (`errors` lists each problem), or the `Idempotency-Key` "
    "was used for a different request.",
    429: "Too many requests; retry after `Retry-After` seconds.",
    503: "A service Trellis depends on (the database, the rate-limit store) is unavailable or busy; retry after `Retry-After` seconds.",
}
NOT_MODIFIED = {
    "description": "Not modified: `If-None-Match` names the current version.",
    "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
}
HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": 'The record\'s version as a strong entity tag, e.g. `"3"`; send it back '
        "in `If-Match` when you change the record.",
        "schema": {"type": "string"},
    },
    "Location": {"description": "The new record's URL.", "schema": {"type": "string"}},
    "Link": {
        "description": 'The next page: `<url>; rel="next"`; absent on the last page.',
        "schema": {"type": "string"},
    },
    "X-Total-Count": {
        "description": "Rows matching the filters, with `include_total=true`.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    },
}
# If-None-Match takes any text: a list of entity tags, `*`, or a tag that matches nothing.
CONDITIONAL_HEADER_SCHEMA = {"type": "string"}
IF_MATCH: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "description": "The `ETag` you read; a stale one is refused with 412, so no edit "
            "is silently lost. One naming no tag at all is a 400.",
            "schema": {"type": "string", "pattern": r"[^\s,]"},
        }
    ]
}
IF_NONE_MATCH: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "The `ETag` you hold; 304 without a body while it is current.",
            "schema": CONDITIONAL_HEADER_SCHEMA,
        }
    ]
}


class ProblemItem(BaseModel):
    """One problem with one part of the request."""

    loc: list[str | int] = Field(
        description="Where: `body`, `query`, `path` or `header`, then the field."
    )
    msg: str = Field(description="What is wrong, for people.")
    type: str = Field(description="What is wrong, for programs.")


class ProblemDocument(BaseModel):
    """RFC 9457 problem details: every error the API answers has this shape."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(
        description="A URI naming the kind of problem.", examples=[f"{PROBLEM_BASE}not-found"]
    )
    title: str = Field(description="The kind of problem, for people.")
    status: int = Field(ge=100, le=599, description="The HTTP status.")
    detail: str = Field(description="This occurrence, for people.")
    instance: str | SkipJsonSchema[None] = Field(None, description="The request's path.")
    errors: list[ProblemItem] | SkipJsonSchema[None] = Field(
        None, description="Each invalid part of the request (validation and bulk rows)."
    )
    current_version: int | SkipJsonSchema[None] = Field(
        None, description="With 412: the stored version to fetch and retry against."
    )
    current_status: str | SkipJsonSchema[None] = Field(
        None, description="With a lifecycle 409: the record's status now."
    )
    error: str | SkipJsonSchema[None] = Field(
        None, description="With the token endpoint's 400/401: the RFC 6749 error code."
    )
    error_description: str | SkipJsonSchema[None] = Field(
        None, description="With the token endpoint's 400/401: the RFC 6749 description."
    )


ANSWERS: dict[Callable[..., Any], frozenset[int]] = {}


def answers(*statuses: int) -> Callable[[F], F]:
    """Mark a dependency with the error statuses it raises; every route using it declares them."""

    def mark(dependency: F) -> F:
        ANSWERS[dependency] = frozenset(statuses)
        return dependency

    return mark


def _calls(dependant: Dependant) -> Iterator[Any]:
    yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }


def _header_refs(*names: str) -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _statuses(
    operation: dict[str, Any], method: str, route: APIRoute, dependant: Dependant
) -> set[int]:
    params = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
    # Every API route refuses unknown query parameters and answers 503 without its database.
    statuses = {400, 503} if isinstance(route, TransactionalRoute) else set()
    for call in _calls(dependant):
        statuses |= ANSWERS.get(call, frozenset())
    if any(where == "path" for where, _ in params):
        statuses.add(404)
    if method in BODY_METHODS:
        statuses |= {413, 415}
    if method in WRITE_METHODS and isinstance(route, TransactionalRoute):
        statuses.add(409)  # a unique key taken meanwhile
    if "requestBody" in operation:
        statuses.add(422)
    if ("header", "Idempotency-Key") in params:
        statuses |= {409, 422}
    if ("header", "If-Match") in params:
        statuses.add(412)
    return statuses


def _ndjson_beside_csv(response: dict[str, Any]) -> None:
    """Every list that streams as CSV streams as NDJSON too (api.core.csv_export)."""
    content = response.get("content", {})
    if "text/csv" in content:
        content.setdefault(
            "application/x-ndjson",
            {"schema": {"type": "string", "description": "One JSON object a line."}},
        )


def _complete_operation(
    operation: dict[str, Any],
    method: str,
    route: APIRoute,
    dependant: Dependant,
    versioned: Callable[[dict[str, Any]], bool],
) -> None:
    responses: dict[str, Any] = operation["responses"]
    statuses = _statuses(operation, method, route, dependant)
    # FastAPI declares a 422 for every parameter; a bad query, path or header is a 400 here.
    if 422 not in statuses:
        responses.pop("422", None)
    for status in statuses:
        responses.setdefault(str(status), {})
    params = {p["name"] for p in operation.get("parameters", [])}
    for code, response in responses.items():
        status = int(code)
        if status >= 400:
            described = response.get("description", "")
            if described in DEFAULT_DESCRIPTIONS or not described:
                described = ERROR_DESCRIPTIONS[status]
            response.clear()
            response.update(_problem(described))
            if status in (429, 503):
                response["headers"] = _header_refs("Retry-After")
        elif status < 300:
            _ndjson_beside_csv(response)
            for media_type, content in response.get("content", {}).items():
                if not content.get("schema") and media_type.startswith("text/"):
                    content["schema"] = {"type": "string"}
            headers = []
            if status == 201:
                headers.append("Location")
            if status == 201 or params & {"If-Match", "If-None-Match"} or versioned(response):
                headers.append("ETag")
            if "cursor" in params:
                headers += ["Link", "X-Total-Count"]
            if headers:
                response["headers"] = _header_refs(*headers)
    if "If-None-Match" in params:
        responses["304"] = dict(NOT_MODIFIED)
    operation["responses"] = dict(sorted(responses.items()))


def _replace_validation_schemas(spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    problem = ProblemDocument.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in problem.pop("$defs", {}).items():
        schemas[name] = definition
    for field in problem["properties"].values():
        field.pop("default", None)  # absent, never null
    schemas["Problem"] = problem
    spec["components"]["headers"] = HEADERS


def _versioned_records(spec: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """Whether a response's JSON body is one record with a `version`: those carry its ETag."""
    schemas = spec.get("components", {}).get("schemas", {})

    def versioned(response: dict[str, Any]) -> bool:
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        name = str(schema.get("$ref", "")).rpartition("/")[2]
        return "version" in schemas.get(name, {}).get("properties", {})

    return versioned


ITEM_PATH = re.compile(r"^(?P<collection>.+)/\{(?P<id>[a-z_]+)\}$")


def _link_creates(paths: dict[str, Any]) -> None:
    """A create links to the get, patch and delete of what it made (or, answering 202, of the
    job it queued), by the `id` it answers."""
    for item_path, item in paths.items():
        found = ITEM_PATH.match(item_path)
        create = paths.get(found["collection"], {}).get("post") if found else None
        made = next((s for s in ("201", "202") if create and s in create["responses"]), None)
        if not found or create is None or made is None:
            continue
        outer = [p["name"] for p in create.get("parameters", []) if p["in"] == "path"]
        parameters = {name: f"$request.path.{name}" for name in outer}
        parameters[found["id"]] = "$response.body#/id"
        create["responses"][made]["links"] = {
            operation["operationId"]: {
                "operationId": operation["operationId"],
                "parameters": parameters,
                "description": f"The record this request created ({method.upper()}).",
            }
            for method, operation in sorted(item.items())
            if method in ("get", "patch", "delete")
        }


NO_NUL = r"^[^\u0000]*$"
# Request bodies trim surrounding whitespace (`RequestModel`) before checking a minimum
# length, so a required text needs one character that is neither blank nor NUL.
NOT_BLANK = r"^[^\u0000]*[^\s\u0000\u0085][^\u0000]*$"


def _refuse_nul_in_text(node: Any, *, trimmed: bool) -> None:
    """Every free-text string in the contract excludes U+0000, as `nul_characters` enforces.

    A string with a pattern of its own gets this one beside it (`allOf`); formatted and
    enumerated strings cannot hold the character anyway.
    """
    if isinstance(node, list):
        for item in node:
            _refuse_nul_in_text(item, trimmed=trimmed)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _refuse_nul_in_text(value, trimmed=trimmed)
    if node.get("type") != "string" or "format" in node or "enum" in node or "const" in node:
        return
    if "pattern" not in node:
        node["pattern"] = NOT_BLANK if trimmed and node.get("minLength", 0) > 0 else NO_NUL
    # A second pattern goes in an allOf, typed, so generated clients still see a string.
    elif {"type": "string", "pattern": NO_NUL} not in node.setdefault("allOf", []):
        node["allOf"].append({"type": "string", "pattern": NO_NUL})


def complete_contract(app: FastAPI, spec: dict[str, Any]) -> dict[str, Any]:
    versioned = _versioned_records(spec)
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not context.include_in_schema:
            continue
        path_item = spec["paths"][context.path_format]
        for method in context.methods or ():
            operation = path_item[method.lower()]
            _complete_operation(operation, method.lower(), route, context.dependant, versioned)
    _link_creates(spec["paths"])
    _refuse_nul_in_text(spec["paths"], trimmed=False)
    _refuse_nul_in_text(spec.get("components", {}).get("schemas", {}), trimmed=True)
    # After: a problem names the field it refuses, NUL and all.
    _replace_validation_schemas(spec)
    return spec


class ContractAPI(FastAPI):
    """FastAPI whose OpenAPI document states every answer, built once and kept."""

    def openapi(self) -> dict[str, Any]:
        spec = super().openapi()
        if "Problem" not in spec.get("components", {}).get("schemas", {}):
            complete_contract(self, spec)
        return spec
