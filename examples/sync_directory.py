"""Keep a local SQLite copy of the Trellis directory in sync, as a district system would.

    python examples/sync_directory.py --url http://127.0.0.1:8000 --token TOKEN --db copy.db
    python examples/sync_directory.py ... --follow   # keep polling the feed

The first run takes `/api/v1/events/latest`, then every row of each collection in one
request each (`Accept: application/x-ndjson`), and stores where the feed stood. Every run
then reads the change feed from there until it is caught up, applying each event from the
event alone: its record (an upsert, when newer than the copy's), or its removal (a delete,
or a record you can no longer read). The copy keeps each record's natural keys too, so a
system keyed by NCES or state ids could apply the same events. Each page is applied in
one local transaction with the new position, so a crash never applies an event twice or
skips one. Needs only httpx.
"""

import argparse
import json
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import httpx

COLLECTIONS = {
    "districts": "/api/v1/districts",
    "schools": "/api/v1/schools",
    "people": "/api/v1/people",
    "role_assignments": "/api/v1/role-assignments",
    "partners": "/api/v1/partners",
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    resource TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    keys TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (resource, id)
);
CREATE TABLE IF NOT EXISTS position (one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER);
"""


def open_copy(path: str) -> sqlite3.Connection:
    copy = sqlite3.connect(path)
    copy.executescript(SCHEMA)
    return copy


def position(copy: sqlite3.Connection) -> int | None:
    row = copy.execute("SELECT seq FROM position").fetchone()
    return None if row is None else int(row[0])


def upsert(copy: sqlite3.Connection, resource: str, record: dict[str, Any], keys: Any) -> None:
    """Store the record unless the copy already holds a newer version of it."""
    copy.execute(
        "INSERT INTO records (resource, id, version, keys, body) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (resource, id) DO UPDATE SET version = excluded.version,"
        " keys = coalesce(excluded.keys, records.keys), body = excluded.body"
        " WHERE excluded.version >= records.version",
        (
            resource,
            record["id"],
            record["version"],
            None if keys is None else json.dumps(keys),
            json.dumps(record),
        ),
    )


def rows(client: httpx.Client, collection: str) -> Iterator[dict[str, Any]]:
    headers = {"Accept": "application/x-ndjson"}
    with client.stream("GET", collection, headers=headers) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if line:
                yield json.loads(line)


def full_export(client: httpx.Client, copy: sqlite3.Connection) -> None:
    # Taken first: what changes during the export is in the feed after it.
    start = client.get("/api/v1/events/latest").raise_for_status().json()["seq"]
    with copy:
        for resource, collection in COLLECTIONS.items():
            for record in rows(client, collection):
                upsert(copy, resource, record, None)
        copy.execute("INSERT OR REPLACE INTO position (one, seq) VALUES (1, ?)", (start,))


def apply(copy: sqlite3.Connection, event: dict[str, Any]) -> None:
    resource = event["resource"]
    if resource not in COLLECTIONS:
        return
    record = event.get("record")
    if event["operation"] == "delete" or record is None:
        # Gone, or out of your reach now: either way no longer in your copy. (A copy
        # keyed by natural ids would use event["keys"]["before"] to find it.)
        copy.execute(
            "DELETE FROM records WHERE resource = ? AND id = ?", (resource, event["resource_id"])
        )
        return
    upsert(copy, resource, record, (event.get("keys") or {}).get("after"))


def read_feed(client: httpx.Client, copy: sqlite3.Connection) -> int:
    """Apply every event after the stored position until caught up; the events applied."""
    applied = 0
    while True:
        after = position(copy) or 0
        page = client.get("/api/v1/events", params={"after": after, "limit": 1000})
        page.raise_for_status()
        body = page.json()
        with copy:
            for event in body["items"]:
                apply(copy, event)
            copy.execute("UPDATE position SET seq = ?", (body["next_after"],))
        applied += len(body["items"])
        if body["next_after"] == after:
            return applied


def sync(url: str, token: str, path: str, follow: bool = False, every: float = 2.0) -> None:
    copy = open_copy(path)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        if position(copy) is None:
            full_export(client, copy)
        while True:
            read_feed(client, copy)
            if not follow:
                break
            time.sleep(every)
    copy.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="A bearer token of the API.")
    parser.add_argument("--db", default="trellis-copy.db", help="The local SQLite copy.")
    parser.add_argument("--follow", action="store_true", help="Keep polling the feed.")
    args = parser.parse_args()
    sync(args.url, args.token, args.db, args.follow)


if __name__ == "__main__":
    main()
