"""`import_partners`: a CSV of organisations and the programmes they run at sites.

Each agency becomes a partner (matched by EIN or external id, else by its name as
`cells.normalised` compares it; created if new), each programme adds its service
category to the partner's focus areas, and each site is looked up in the directory as a
school: a site it cannot place is reported with its line and the reason, and a
partner's diff entry names the schools (`school_ids`) its placed sites are at. No
agreement is written for a placed site: one needs dates and terms the file does not
have. Counts are of lines: a line counts what happened to its partner the first time
the file names it.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.access.partners import partners_visible
from api.core.bulk import bulk_upsert
from api.core.import_report import Action, LineIssue
from api.core.records import new_id
from api.core.scope import Scope
from api.integrations.spreadsheets.cells import normalised, value_of
from api.integrations.spreadsheets.directory import (
    CHUNK,
    Index,
    NotPlaced,
    Place,
    Wanted,
    load,
    one,
)
from api.integrations.spreadsheets.mappings import PartnersMapping, require_columns
from api.integrations.spreadsheets.rehearsal import run_writes
from api.integrations.spreadsheets.report import DiffEntry, SpreadsheetReport
from api.integrations.spreadsheets.results import answers, row_errors
from api.integrations.spreadsheets.sheet import SheetRow, read_sheet
from api.partners.models import Partner
from api.partners.service.partners import RESOURCE, PartnerRows

ACTIONS: dict[str, Action] = {"created": "create", "updated": "update", "unchanged": "unchanged"}
KEYS = ("ein", "external_id")
KEY_COLUMNS = (Partner.ein, Partner.external_id)


@dataclass
class _Agency:
    """One partner as the file names it, over all its lines."""

    name: str
    lines: list[SheetRow] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)  # ids of the schools its sites are at


async def import_partners(
    session: AsyncSession, scope: Scope, data: bytes, mapping: PartnersMapping, *, dry_run: bool
) -> SpreadsheetReport:
    """Import the file in a savepoint of the session's transaction (the caller commits);
    a bad file or a column the mapping names and the file lacks is refused with 422."""
    sheet = read_sheet(data)
    require_columns(mapping.columns, sheet.header)
    report = SpreadsheetReport(dry_run=dry_run)
    agencies = _agencies(mapping, sheet.rows, report)
    sites = await _SiteFinder.load(session, scope, mapping, sheet.rows)

    async def write() -> None:
        await _write_partners(session, scope, mapping, agencies, report)

    for agency in agencies.values():
        agency.schools = sorted(
            {str(place.id) for row in agency.lines if (place := sites.find(row))}
        )
    await run_writes(session, write, dry_run=dry_run)
    failed_lines = {error.line for error in report.errors}
    for agency in agencies.values():
        for row in agency.lines:
            if row.line not in failed_lines:
                sites.report_unplaced(row, report)
    report.errors.sort(key=LineIssue.position)
    report.notes.sort(key=LineIssue.position)
    return report


def _agencies(
    mapping: PartnersMapping, rows: Sequence[SheetRow], report: SpreadsheetReport
) -> dict[tuple[str, str], _Agency]:
    columns = mapping.columns
    agencies: dict[tuple[str, str], _Agency] = {}
    for row in rows:
        name = value_of(columns.agency, row.cells)
        if name is None:
            report.fail(row.line, "the agency's name is empty", row.cells)
            continue
        keyed = {
            k: v for k in KEYS if (src := getattr(columns, k)) and (v := value_of(src, row.cells))
        }
        identity = next(iter(keyed.items()), ("name", normalised(name)))
        agency = agencies.setdefault(identity, _Agency(name))
        agency.lines.append(row)
        agency.values |= keyed
        phone = value_of(columns.phone, row.cells) if columns.phone else None
        if phone and "phone" not in agency.values:
            agency.values["phone"] = phone
        category = _category(mapping, row.cells)
        if category is not None and category not in agency.categories:
            agency.categories.append(category)
    return agencies


def _category(mapping: PartnersMapping, cells: Mapping[str, str]) -> str | None:
    source = mapping.columns.programme
    programme = value_of(source, cells) if source else None
    if programme is None:
        return None
    found = mapping.programmes.get(normalised(programme)) or mapping.default_category
    return found.value if found else None


async def _stored_partners(
    session: AsyncSession, scope: Scope, agencies: dict[tuple[str, str], _Agency]
) -> list[dict[str, Any]]:
    """The partners the caller sees that the file may name: by EIN or external id, and
    every visible one for names (a name is compared normalised, which SQL cannot do)."""
    columns = (Partner.id, Partner.name, Partner.kind, Partner.focus_areas, *KEY_COLUMNS)
    stmt = select(*columns).where(partners_visible(scope))
    keyed = {k: {a.values[k] for a in agencies.values() if k in a.values} for k in KEYS}
    if all(identity[0] != "name" for identity in agencies):
        stmt = stmt.where(
            or_(Partner.ein.in_(keyed["ein"]), Partner.external_id.in_(keyed["external_id"]))
        )
    return [dict(row) for row in (await session.execute(stmt)).mappings()]


def _matched(
    agency: _Agency, by_key: dict[str, dict[str, dict[str, Any]]], by_name: dict[str, list[Any]]
) -> dict[str, Any] | None:
    for key in KEYS:
        if key in agency.values and agency.values[key] in by_key[key]:
            return by_key[key][agency.values[key]]
    named = by_name.get(normalised(agency.name), [])
    if len(named) > 1:
        raise _Ambiguous(
            f"{len(named)} partners are named {agency.name!r}; map the EIN or an external id"
        )
    return named[0] if named else None


class _Ambiguous(Exception):
    pass


def _values(
    mapping: PartnersMapping, agency: _Agency, stored: dict[str, Any] | None
) -> dict[str, Any]:
    """A new partner takes the file's values; a stored one keeps its own name, kind and
    contact details (edited in Trellis, perhaps) and gains the file's service categories
    and keys."""
    keys = {k: v for k, v in agency.values.items() if k in KEYS}
    if stored is None:
        return agency.values | {
            "id": new_id(),
            "name": agency.name,
            "kind": mapping.kind.value,
            "focus_areas": agency.categories,
        }
    focus = list(stored["focus_areas"])
    focus += [category for category in agency.categories if category not in focus]
    return keys | {
        "id": stored["id"],
        "name": stored["name"],
        "kind": stored["kind"],
        "focus_areas": focus,
    }


async def _write_partners(
    session: AsyncSession,
    scope: Scope,
    mapping: PartnersMapping,
    agencies: dict[tuple[str, str], _Agency],
    report: SpreadsheetReport,
) -> None:
    stored = await _stored_partners(session, scope, agencies)
    by_key = {key: {p[key]: p for p in stored if p[key]} for key in KEYS}
    by_name: dict[str, list[Any]] = {}
    for partner in stored:
        by_name.setdefault(normalised(partner["name"]), []).append(partner)
    writing: list[_Agency] = []
    raw: list[dict[str, Any]] = []
    for agency in agencies.values():
        try:
            raw.append(_values(mapping, agency, _matched(agency, by_key, by_name)))
        except _Ambiguous as reason:
            for row in agency.lines:
                report.fail(row.line, str(reason), row.cells)
            continue
        writing.append(agency)
    for start in range(0, len(raw), CHUNK):
        chunk = writing[start : start + CHUNK]
        result = await bulk_upsert(
            session, raw[start : start + CHUNK], PartnerRows(scope), atomic=False
        )
        for agency, (status, record_id, _, errors) in zip(chunk, answers(result), strict=True):
            _take(agency, status, record_id, row_errors(errors), report)


def _take(
    agency: _Agency, status: str, record_id: uuid.UUID | None, error: str, report: SpreadsheetReport
) -> None:
    if record_id is None:
        for row in agency.lines:
            report.fail(row.line, error, row.cells)
        return
    first, *others = agency.lines
    report.count(ACTIONS[status])
    for _ in others:
        report.count("unchanged")
    keys = {"id": str(record_id), "name": agency.name, "line": str(first.line)}
    keys |= {key: str(agency.values[key]) for key in KEYS if key in agency.values}
    if agency.schools:
        keys["school_ids"] = ",".join(agency.schools)
    report.diff.append(DiffEntry(ACTIONS[status], RESOURCE, keys))


class _SiteFinder:
    """Where each line's site is in the directory: a school by id, else by name (in the
    line's city, when the mapping reads one)."""

    def __init__(self, mapping: PartnersMapping, schools: Index) -> None:
        self.mapping, self.schools = mapping, schools
        columns = mapping.columns
        self.mapped = bool(columns.site or columns.site_nces_id or columns.site_state_id)

    @classmethod
    async def load(
        cls, session: AsyncSession, scope: Scope, mapping: PartnersMapping, rows: Sequence[SheetRow]
    ) -> "_SiteFinder":
        finder = cls(mapping, Index())
        if finder.mapped:
            wanted = Wanted(
                finder.wanted("site_nces_id", rows),
                finder.wanted("site_state_id", rows),
                mapping.columns.site is not None,
                mapping.state,
            )
            finder.schools = await load(session, scope, "school", wanted)
        return finder

    def value(self, field: str, cells: Mapping[str, str]) -> str | None:
        source = getattr(self.mapping.columns, field)
        return value_of(source, cells) if source else None

    def wanted(self, field: str, rows: Sequence[SheetRow]) -> set[str]:
        return {v for row in rows if (v := self.value(field, row.cells)) is not None}

    def find(self, row: SheetRow) -> Place | None:
        """The school a line's site is at, if the directory has exactly one."""
        if not self.mapped:
            return None
        try:
            return self._find(row.cells, self.value("site", row.cells))
        except NotPlaced:
            return None

    def report_unplaced(self, row: SheetRow, report: SpreadsheetReport) -> None:
        if not self.mapped:
            return
        site = self.value("site", row.cells)
        try:
            self._find(row.cells, site)
        except NotPlaced as reason:
            named = f"site {site!r}" if site else "the site"
            report.notes.append(LineIssue(row.line, f"{named}: {reason}", row=row.cells))

    def _find(self, cells: Mapping[str, str], site: str | None) -> Place:
        tried: list[str] = []
        for column, index, label in (
            ("site_nces_id", self.schools.by_nces, "NCES id"),
            ("site_state_id", self.schools.by_state_id, "state id"),
        ):
            if (key := self.value(column, cells)) is not None:
                if key in index:
                    return index[key]
                tried.append(f"no school has {label} {key}")
        if site is None:
            raise NotPlaced("; ".join([*tried, "its name is empty"]))
        candidates = self.schools.named(site)
        what = f"school named {site!r}"
        city = self.value("city", cells)
        if city is not None:
            allowed = self.mapping.city_aliases.get(normalised(city), [normalised(city)])
            candidates = [p for p in candidates if p.city and normalised(p.city) in allowed]
            what += f" in {city}"
        try:
            return one(candidates, what)
        except NotPlaced as reason:
            raise NotPlaced("; ".join([*tried, str(reason)])) from None
