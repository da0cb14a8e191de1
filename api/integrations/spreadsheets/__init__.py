"""Spreadsheet imports with a column mapping: people (placed at the school or district
a row names) and partners (with their programmes, sites looked up as schools).

The import-jobs framework calls these; `trellis import people|partners` too.
"""

from typing import Any

from api.integrations.spreadsheets import ready_made
from api.integrations.spreadsheets.mappings import PartnersMapping, PeopleMapping, parse_mapping
from api.integrations.spreadsheets.partners import import_partners
from api.integrations.spreadsheets.people import import_people
from api.integrations.spreadsheets.report import DiffEntry, SpreadsheetReport


def people_mapping(name_or_json: str | dict[str, Any]) -> PeopleMapping:
    """A ready-made mapping by name (`tx-principals`, `tx-superintendents`) or one given
    as a JSON object; raises Unprocessable (422) naming what is wrong."""
    return parse_mapping(PeopleMapping, ready_made.PEOPLE, name_or_json)


def partners_mapping(name_or_json: str | dict[str, Any]) -> PartnersMapping:
    """A ready-made mapping by name (`nyc-after-school`) or one given as a JSON object;
    raises Unprocessable (422) naming what is wrong."""
    return parse_mapping(PartnersMapping, ready_made.PARTNERS, name_or_json)


__all__ = [
    "DiffEntry",
    "PartnersMapping",
    "PeopleMapping",
    "SpreadsheetReport",
    "import_partners",
    "import_people",
    "partners_mapping",
    "people_mapping",
]
