"""examples/sync_directory.py end to end against a live `trellis serve`: after a full
export, then writes of every kind, its local SQLite copy equals what the API lists."""

import asyncio
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth.bootstrap import create_admin
from tests.live_api import served

EXAMPLE = Path(__file__).parents[2] / "examples" / "sync_directory.py"
EMAIL, PASSWORD = "sync@example.org", "a long sync password"
COLLECTIONS = {
    "districts": "/api/v1/districts",
    "schools": "/api/v1/schools",
    "people": "/api/v1/people",
    "role_assignments": "/api/v1/role-assignments",
    "partners": "/api/v1/partners",
}


@pytest.fixture
def live(fresh_database_url: str) -> Iterator[str]:
    asyncio.run(create_admin(fresh_database_url, EMAIL, "Sync", PASSWORD))
    with served(fresh_database_url, environment="development") as url:
        yield url


def _sync(url: str, token: str, copy: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--url", url, "--token", token, "--db", str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _copy(path: Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(path) as copy:
        found: dict[str, dict[str, Any]] = {resource: {} for resource in COLLECTIONS}
        for resource, record_id, body in copy.execute("SELECT resource, id, body FROM records"):
            found[resource][record_id] = json.loads(body)
    return found


def _api(api: httpx.Client) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for resource, collection in COLLECTIONS.items():
        listed = api.get(collection, headers={"Accept": "application/x-ndjson"})
        assert listed.status_code == 200, listed.text
        rows = [json.loads(line) for line in listed.text.splitlines()]
        found[resource] = {row["id"]: row for row in rows}
    return found


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code < 300, response.text
    return response.json() if response.content else {}


def test_the_copy_equals_the_api_after_an_export_and_the_feed(live: str, tmp_path: Path) -> None:
    form = {"grant_type": "password", "username": EMAIL, "password": PASSWORD}
    token = httpx.post(f"{live}/api/v1/auth/token", data=form).json()["access_token"]
    copy = tmp_path / "copy.db"
    with httpx.Client(base_url=live, headers={"Authorization": f"Bearer {token}"}) as api:
        district = _ok(api.post("/api/v1/districts", json={"name": "Riverbend", "state": "TX"}))
        schools = [
            _ok(api.post("/api/v1/schools", json={"name": f"S{n}", "district_id": district["id"]}))
            for n in range(3)
        ]
        _sync(live, token, copy)
        assert _copy(copy) == _api(api)

        _ok(api.patch(f"/api/v1/schools/{schools[0]['id']}", json={"nces_id": "480000000077"}))
        _ok(api.delete(f"/api/v1/schools/{schools[1]['id']}"))
        _ok(api.patch(f"/api/v1/districts/{district['id']}", json={"city": "Austin"}))
        person = _ok(api.post("/api/v1/people", json={"given_name": "Ana", "family_name": "Ruiz"}))
        role = {"person_id": person["id"], "school_id": schools[2]["id"], "role": "teacher"}
        _ok(api.post("/api/v1/role-assignments", json=role))
        _ok(api.post("/api/v1/partners", json={"name": "Read Ahead", "kind": "nonprofit"}))
        _sync(live, token, copy)
        after = _copy(copy)
        assert after == _api(api)
        assert schools[1]["id"] not in after["schools"]
        assert after["schools"][schools[0]["id"]]["nces_id"] == "480000000077"
        assert after["districts"][district["id"]]["city"] == "Austin"
