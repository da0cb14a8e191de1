"""The manifest and the CSV files a OneRoster zip carries, read into rows with line numbers.

Columns this importer does not use (extensions such as `metadata.*`, `ext_*`, and the
fields Trellis does not keep) are ignored; a missing column it needs refuses the file.
"""

import csv
import io
from dataclasses import dataclass, field
from enum import StrEnum

from api.directory.oneroster.archive import refused

VERSIONS = ("1.1", "1.2")
READ = ("orgs", "users", "roles")
REQUIRED_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {
        "orgs": ("sourcedId", "name", "type"),
        "users": ("sourcedId", "givenName", "familyName", "role", "orgSourcedIds"),
    },
    "1.2": {
        "orgs": ("sourcedId", "name", "type"),
        "users": ("sourcedId", "givenName", "familyName"),
        "roles": ("sourcedId", "userSourcedId", "role", "orgSourcedId"),
    },
}


class Mode(StrEnum):
    bulk = "bulk"
    delta = "delta"
    absent = "absent"


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str | None:
        value = self.values.get(column, "").strip()
        return value or None


@dataclass
class OneRosterFiles:
    version: str
    modes: dict[str, Mode]
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def of(self, name: str) -> list[Row]:
        return self.rows.get(name, [])


def split_ids(value: str | None) -> list[str]:
    """The ids of a comma-separated cell such as `orgSourcedIds`."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def read_files(members: dict[str, bytes]) -> OneRosterFiles:
    """The manifest's version and modes and the rows of orgs, users and roles; a wrong
    manifest or a file it does not match is refused before anything is read further."""
    manifest = _manifest(members)
    version = manifest.get("oneroster.version", "")
    if version not in VERSIONS:
        raise refused(
            f"manifest.csv: oneroster.version is {version or 'missing'}; 1.1 or 1.2 is read."
        )
    modes = {name: _mode(manifest, name) for name in READ if name in REQUIRED_COLUMNS[version]}
    if modes["orgs"] is Mode.absent and modes["users"] is Mode.absent:
        raise refused("manifest.csv: neither orgs nor users is bulk or delta: nothing to import.")
    files = OneRosterFiles(version, modes)
    for name, mode in modes.items():
        present = f"{name}.csv" in members
        if mode is Mode.absent and present:
            raise refused(f"{name}.csv is in the zip but manifest.csv says file.{name} is absent.")
        if mode is not Mode.absent and not present:
            raise refused(f"manifest.csv says file.{name} is {mode} but {name}.csv is missing.")
        if present:
            files.rows[name] = _rows(name, members[f"{name}.csv"], REQUIRED_COLUMNS[version][name])
    return files


def _manifest(members: dict[str, bytes]) -> dict[str, str]:
    if "manifest.csv" not in members:
        raise refused("The zip has no manifest.csv: it is not a OneRoster CSV export.")
    header, rows = _table("manifest.csv", members["manifest.csv"])
    if header[:2] != ["propertyName", "value"]:
        raise refused("manifest.csv: the header must be propertyName,value.")
    return {cells[0].strip(): cells[1].strip() for _, cells in rows if len(cells) >= 2}


def _mode(manifest: dict[str, str], name: str) -> Mode:
    value = manifest.get(f"file.{name}", "") or "absent"
    try:
        return Mode(value)
    except ValueError:
        raise refused(
            f"manifest.csv: file.{name} is {value!r}; it must be bulk, delta or absent."
        ) from None


def _table(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each record with the line it starts on (a quoted cell may span lines)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refused(f"{name} is not UTF-8 text (byte {error.start}).") from error
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    ended = 0
    try:
        for cells in reader:
            records.append((ended + 1, cells))
            ended = reader.line_num
    except csv.Error as error:
        raise refused(f"{name} line {reader.line_num} is not valid CSV: {error}.") from error
    if not records:
        raise refused(f"{name} is empty: it needs at least its header.")
    return [cell.strip() for cell in records[0][1]], records[1:]


def _rows(name: str, data: bytes, required: tuple[str, ...]) -> list[Row]:
    header, lines = _table(f"{name}.csv", data)
    missing = [column for column in required if column not in header]
    if missing:
        raise refused(f"{name}.csv has no {', '.join(missing)} column.")
    named = [(index, column) for index, column in enumerate(header) if column]
    rows = []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: cells[index] for index, column in named if index < len(cells)}
        rows.append(Row(line, values))
    return rows
