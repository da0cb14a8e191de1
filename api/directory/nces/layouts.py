"""Recognise an NCES school-directory file by its header and read its rows.

Two families of files are understood, each with a school and a district file:
the CSV exports of the NCES "Search for Public Schools" / "Search for Public
School Districts" tools, and the classic CCD flat files (school universe and
LEA universe, up to 2015-16). Rows become dicts keyed by the columns of the
`districts` and `schools` tables; a column the file lacks is left out, so an
import never blanks a field the file does not carry.
"""

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from api.directory.nces import codes
from api.directory.vocabulary import SchoolStatus, grade_rank, locale_type_for

Values = dict[str, Any]


class Kind(StrEnum):
    district = "district"
    school = "school"


@dataclass(frozen=True)
class Layout:
    name: str
    kind: Kind
    required: Mapping[str, str]  # field -> header cell; together they identify the layout
    optional: Mapping[str, str]
    statuses: Mapping[str, SchoolStatus] = field(default_factory=dict)
    charter: Mapping[str, bool] = field(default_factory=dict)
    agency_types: Mapping[str, str] | None = None  # None: the cell is already a label
    bare_state_ids: bool = False  # classic CCD writes "054901" for "TX-054901"

    def column_index(self, header: Sequence[str]) -> dict[str, int]:
        position = {_key(cell): i for i, cell in enumerate(header)}
        columns = {**self.required, **self.optional}
        return {f: position[_key(cell)] for f, cell in columns.items() if _key(cell) in position}

    def header_cell(self, name: str) -> str:
        return {**self.required, **self.optional}[name]


# Address, phone and locale columns: each family names them alike in its school and district files.
SEARCH_ADDRESS = {
    "street": "Street Address",
    "city": "City",
    "state": "State",
    "zip": "ZIP",
    "phone": "Phone",
    "locale_code": "Locale Code*",
}
CCD_ADDRESS = {
    "street": "LSTREE",
    "city": "LCITY",
    "state": "LSTATE",
    "zip": "LZIP",
    "phone": "PHONE",
    "locale_code": "ULOCAL",
}


SEARCH_SCHOOLS = Layout(
    name="School Search: schools",
    kind=Kind.school,
    required={
        "nces_id": "NCES School ID",
        "nces_leaid": "NCES District ID",
        "name": "School Name",
        "grade_low": "Low Grade*",
        "grade_high": "High Grade*",
        "status": "Status",
    },
    optional={
        "state_school_id": "State School ID",
        "state_district_id": "State District ID",
        "district_name": "District",
        **SEARCH_ADDRESS,
        "is_charter": "Charter",
        "enrollment": "Students*",
    },
    statuses=codes.SEARCH_STATUSES,
    charter=codes.SEARCH_CHARTER,
)

SEARCH_DISTRICTS = Layout(
    name="School Search: districts",
    kind=Kind.district,
    required={"nces_leaid": "NCES District ID", "name": "District Name"},
    optional={
        "state_district_id": "State District ID",
        **SEARCH_ADDRESS,
        "agency_type": "Type",
    },
)

CCD_SCHOOLS = Layout(
    name="CCD school universe",
    kind=Kind.school,
    required={
        "nces_id": "NCESSCH",
        "nces_leaid": "LEAID",
        "name": "SCHNAM",
        "grade_low": "GSLO",
        "grade_high": "GSHI",
        "status": "STATUS",
    },
    optional={
        "state_school_id": "SEASCH",
        "state_district_id": "STID",
        "district_name": "LEANM",
        **CCD_ADDRESS,
        "is_charter": "CHARTR",
    },
    statuses=codes.CCD_STATUSES,
    charter=codes.CCD_CHARTER,
    bare_state_ids=True,
)

CCD_DISTRICTS = Layout(
    name="CCD LEA universe",
    kind=Kind.district,
    required={"nces_leaid": "LEAID", "name": "NAME"},
    optional={
        "state_district_id": "STID",
        **CCD_ADDRESS,
        "agency_type": "TYPE",
    },
    agency_types=codes.CCD_AGENCY_TYPES,
    bare_state_ids=True,
)

LAYOUTS = (SEARCH_SCHOOLS, SEARCH_DISTRICTS, CCD_SCHOOLS, CCD_DISTRICTS)


class UnrecognisedFile(ValueError):
    """The file is not one of the NCES directory layouts; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class DistrictRow:
    line: int
    values: Values


@dataclass(frozen=True, slots=True)
class SchoolRow:
    line: int
    values: Values  # `schools` columns except district_id, which the importer resolves
    district: Values  # enough to create the school's district when no file has it


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str


ParsedRow = DistrictRow | SchoolRow | RowError


def detect_layout(header: Sequence[str]) -> Layout:
    present = {_key(cell) for cell in header}
    closest: tuple[int, Layout, list[str]] | None = None
    for layout in LAYOUTS:
        missing = [c for c in layout.required.values() if _key(c) not in present]
        if not missing:
            return layout
        found = len(layout.required) - len(missing)
        # Only a near miss is worth naming: a shared "Status" or "NAME" is not.
        if found > len(missing) and (closest is None or found > closest[0]):
            closest = (found, layout, missing)
    expected = "; ".join(f"{x.name} ({', '.join(x.required.values())})" for x in LAYOUTS)
    message = f"not an NCES school-directory file: expected the header of one of: {expected}"
    if {"ncessch", "sch_name"} <= present or {"leaid", "lea_name"} <= present:
        message += ". This looks like a CCD directory file from 2016-17 or later, not read yet"
    elif closest is not None:
        message += f". Closest: {closest[1].name}, missing {', '.join(closest[2])}"
    raise UnrecognisedFile(message)


@dataclass(frozen=True)
class DirectoryFile:
    path: Path
    layout: Layout
    header: list[str]
    text: str
    delimiter: str

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + (not self.text.endswith("\n"))

    def rows(self) -> Iterator[ParsedRow]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        next(reader)
        columns = self.layout.column_index(self.header)
        last_line = reader.line_num
        try:
            for cells in reader:
                line, last_line = last_line + 1, reader.line_num
                if any(cell.strip() for cell in cells):
                    yield parse_row(self.layout, columns, len(self.header), cells, line)
        except csv.Error as exc:
            yield RowError(
                last_line + 1, f"unreadable CSV ({exc}); the rest of the file was skipped"
            )


def open_directory_file(path: Path) -> DirectoryFile:
    try:
        text = _decode(path.read_bytes())
    except FileNotFoundError:
        raise UnrecognisedFile("no such file") from None
    except OSError as exc:
        raise UnrecognisedFile(f"cannot be read ({exc.strerror})") from None
    first_line = text.partition("\n")[0]
    if not first_line.strip():
        raise UnrecognisedFile("empty file: expected an NCES school-directory CSV")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    header = [cell.strip() for cell in next(csv.reader([first_line], delimiter=delimiter))]
    return DirectoryFile(path, detect_layout(header), header, text, delimiter)


# Fields whose value is a plain function of their own cell.
_CONVERSIONS: dict[str, Callable[[str], Any]] = {
    "street": codes.text,
    "city": codes.text,
    "phone": codes.text,
    "zip": codes.zip_code,
    "locale_code": codes.locale_code,
    "enrollment": codes.count,
}


def parse_row(
    layout: Layout, columns: Mapping[str, int], width: int, cells: Sequence[str], line: int
) -> ParsedRow:
    if len(cells) != width:
        return RowError(line, f"expected {width} cells as in the header, found {len(cells)}")
    raw = {name: cells[index] for name, index in columns.items()}
    problems: list[str] = []
    leaid = _nces_id(layout, raw, "nces_leaid", codes.LEA_ID_DIGITS, problems)
    state = _state(leaid, raw.get("state", ""), problems)
    name = raw["name"].strip()
    if not name:
        problems.append(f"{layout.header_cell('name')} is empty")
    values: Values = {"name": name, "state": state}
    values |= {
        field: convert(raw[field]) for field, convert in _CONVERSIONS.items() if field in raw
    }
    district_ids: Values = {}
    if "state_district_id" in raw:
        district_ids["state_district_id"] = _state_id(layout, state, raw, "state_district_id")
    result: ParsedRow
    if layout.kind is Kind.district:
        if "agency_type" in raw:
            values["agency_type"] = _agency_type(layout, raw["agency_type"])
        result = DistrictRow(line, values | {"nces_leaid": leaid} | district_ids)
    else:
        _add_school_values(layout, raw, values, problems)
        district_name = codes.text(raw.get("district_name", ""))
        district = {"nces_leaid": leaid, "name": district_name, "state": state} | district_ids
        result = SchoolRow(line, values, district)
    return RowError(line, "; ".join(problems)) if problems else result


def _add_school_values(
    layout: Layout, raw: Mapping[str, str], values: Values, problems: list[str]
) -> None:
    values["nces_id"] = _nces_id(layout, raw, "nces_id", codes.SCHOOL_ID_DIGITS, problems)
    if "state_school_id" in raw:
        parts = ("state_district_id", "state_school_id")
        values["state_school_id"] = _state_id(layout, values["state"], raw, *parts)
    low, high = codes.grade(raw["grade_low"]), codes.grade(raw["grade_high"])
    values |= {
        "grade_low": low,
        "grade_high": high,
        "grade_low_rank": grade_rank(low),
        "grade_high_rank": grade_rank(high),
        "level": codes.school_level(low, high).value,
    }
    if "locale_code" in values:
        locale_type = locale_type_for(values["locale_code"])
        values["locale_type"] = locale_type.value if locale_type else None
    if "is_charter" in raw:
        values["is_charter"] = codes.flag(raw["is_charter"], layout.charter)
    try:
        values["status"] = codes.status(raw["status"], layout.statuses).value
    except codes.InvalidValue as exc:
        problems.append(str(exc))


def _nces_id(
    layout: Layout, raw: Mapping[str, str], name: str, digits: int, problems: list[str]
) -> str:
    try:
        return codes.nces_id(raw[name], digits, layout.header_cell(name))
    except codes.InvalidValue as exc:
        problems.append(str(exc))
        return ""


def _state(leaid: str, cell: str, problems: list[str]) -> str:
    if not leaid:
        return ""  # the id's own problem says enough
    try:
        return codes.state_for(leaid, cell)
    except codes.InvalidValue as exc:
        problems.append(str(exc))
        return ""


def _state_id(layout: Layout, state: str, raw: Mapping[str, str], *parts: str) -> str | None:
    """A state id as NCES writes it today: `CA-1964212`, `CA-1964212-0129882`.

    Classic CCD gives the bare parts (`054901`, `054901101`), unique only within
    a state; prefixing them as the modern files do keeps them unique nationally.
    """
    values = [codes.text(raw.get(part, "")) for part in parts]
    if values[-1] is None:
        return None
    if not layout.bare_state_ids:
        return values[-1]
    return "-".join([state, *(value for value in values if value is not None)])


def _agency_type(layout: Layout, cell: str) -> str | None:
    label = codes.text(cell)
    if label is None or layout.agency_types is None:
        return label
    return layout.agency_types.get(label)


def _decode(data: bytes) -> str:
    # School Search exports are UTF-8 (daggers and dashes); older CCD text files are Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _key(cell: str) -> str:
    return cell.strip().casefold()
