"""Reading NCES directory files: layouts, codes and row errors. No database."""

import csv
import io
from pathlib import Path

import pytest

from api.directory.nces import codes
from api.directory.nces.layouts import (
    CCD_DISTRICTS,
    CCD_SCHOOLS,
    SEARCH_DISTRICTS,
    SEARCH_SCHOOLS,
    DistrictRow,
    Layout,
    RowError,
    SchoolRow,
    UnrecognisedFile,
    detect_layout,
    open_directory_file,
)

MISSING = "\u2013"  # the en dash NCES writes for "missing"

SEARCH_SCHOOL_HEADER = (
    "NCES School ID,State School ID,NCES District ID,State District ID,Low Grade*,High Grade*,"
    "School Name,District,County Name*,Street Address,City,State,ZIP,ZIP 4-digit,Phone,"
    "Locale Code*,Locale*,Charter,Students*,Teachers*,Student Teacher Ratio*,Free Lunch*,"
    "Reduced Lunch*,Directly Certified*,Type,Status"
)
CCD_SCHOOL_HEADER = (
    "SURVYEAR,NCESSCH,FIPST,LEAID,SCHNO,STID,SEASCH,LEANM,SCHNAM,PHONE,MSTREE,MCITY,MSTATE,"
    "MZIP,MZIP4,LSTREE,LCITY,LSTATE,LZIP,LZIP4,TYPE,STATUS,UNION,ULOCAL,LATCOD,LONCOD,CONUM,"
    "CONAME,CDCODE,GSLO,GSHI,CHARTR"
)
CA_ROW = (
    "060429013779,CA-3366993-0129882,0604290,CA-3366993,KG,12,21st Century Learning Institute,"
    "Beaumont Unified,Riverside County,PO Box 187,Beaumont,CA,92223,,(951)769-8424,21,"
    "Suburb: Large,No,334.00000,7.07000,47.2400000,182.00000,22.00000,137.00000,"
    "Other/Alternative,Open"
)
TX_ROW = (
    "2013,480000101145,48,4800001,01145,054901,054901101,CROSBYTON CISD,CROSBYTON EL,"
    "8066752554,204 S HARRISON,CROSBYTON,TX,79322,2130,204 S HARRISON,CROSBYTON,TX,79322,2130,"
    "1,1,000,43,33.658782,-101.246702,48107,CROSBY COUNTY,4819,PK,05,2"
)


def write(tmp_path: Path, text: str, name: str = "file.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def rows_of(tmp_path: Path, header: str, *lines: str) -> list[SchoolRow | DistrictRow | RowError]:
    return list(open_directory_file(write(tmp_path, "\n".join([header, *lines]) + "\n")).rows())


def replaced(row: str, header: str, **cells: str) -> str:
    """`row` with the named header cells (underscores for spaces) replaced."""
    names = header.split(",")
    values = next(csv.reader([row]))
    for name, value in cells.items():
        values[names.index(name.replace("_", " "))] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


@pytest.mark.parametrize(
    ("relative", "layout"),
    [
        ("nces-ccd-school-search-exports/ca/california_public_schools.csv", SEARCH_SCHOOLS),
        ("nces-ccd-school-search-exports/fl/florida_schools.csv", SEARCH_SCHOOLS),
        ("nces-ccd-school-search-exports/mi/michigan_districts.csv", SEARCH_DISTRICTS),
        ("texas-ccd-and-askted/ccd/tx-campuses-ccd.csv", CCD_SCHOOLS),
        ("texas-ccd-and-askted/ccd/tx-districts-ccd.csv", CCD_DISTRICTS),
    ],
)
def test_real_files_are_recognised(shared_data: Path, relative: str, layout: Layout) -> None:
    assert open_directory_file(shared_data / relative).layout is layout


@pytest.mark.parametrize(
    ("relative", "hint"),
    [
        ("hifld-public-schools-fl/Public_Schools.csv", "expected the header of one of"),
        ("oneroster/oat-sa-OneRosterv1p1BaseCSV/orgs.csv", "NCES School ID"),
        ("nyc-dycd-after-school-programs/DYCD_after-school_programs.csv", "NCESSCH"),
        ("texas-ccd-and-askted/ccd/tx-campuses-ccd.layout.txt", "not an NCES"),
    ],
)
def test_foreign_files_are_refused_naming_what_was_expected(
    shared_data: Path, relative: str, hint: str
) -> None:
    with pytest.raises(UnrecognisedFile, match="not an NCES school-directory file") as refused:
        open_directory_file(shared_data / relative)
    assert hint in str(refused.value)


@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ("NCES School ID,NCES District ID,School Name,Low Grade*,High Grade*", "missing Status"),
        ("SCHOOL_YEAR,NCESSCH,LEAID,SCH_NAME,LEA_NAME,GSLO,GSHI", "2016-17 or later"),
        ("name,age\n", "expected the header of one of"),
    ],
)
def test_refusal_explains_near_misses(header: str, hint: str) -> None:
    with pytest.raises(UnrecognisedFile) as refused:
        detect_layout(header.strip().split(","))
    assert hint in str(refused.value)


def test_missing_and_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnrecognisedFile, match="no such file"):
        open_directory_file(tmp_path / "absent.csv")
    with pytest.raises(UnrecognisedFile, match="empty file"):
        open_directory_file(write(tmp_path, ""))


def test_header_matching_ignores_case_spaces_bom_and_crlf(tmp_path: Path) -> None:
    header = " nces district id ,District Name"
    path = write(tmp_path, f"\ufeff{header}\r\n0601620,ABC Unified\r\n")
    file = open_directory_file(path)
    assert file.layout is SEARCH_DISTRICTS
    [row] = list(file.rows())
    assert isinstance(row, DistrictRow)
    assert (row.values["nces_leaid"], row.values["name"]) == ("0601620", "ABC Unified")


def test_tab_separated_windows_1252_ccd_file(tmp_path: Path) -> None:
    text = CCD_SCHOOL_HEADER + "\n" + TX_ROW.replace("CROSBYTON EL", "CROSBYTON ÉL") + "\n"
    path = write(tmp_path, text.replace(",", "\t"), encoding="cp1252")
    [row] = list(open_directory_file(path).rows())
    assert isinstance(row, SchoolRow)
    assert row.values["name"] == "CROSBYTON ÉL"


def test_search_export_row_is_normalised(tmp_path: Path) -> None:
    [row] = rows_of(tmp_path, SEARCH_SCHOOL_HEADER, CA_ROW)
    assert isinstance(row, SchoolRow)
    assert row.line == 2
    assert row.values == {
        "nces_id": "060429013779",
        "state_school_id": "CA-3366993-0129882",
        "name": "21st Century Learning Institute",
        "state": "CA",
        "street": "PO Box 187",
        "city": "Beaumont",
        "zip": "92223",
        "phone": "(951)769-8424",
        "locale_code": 21,
        "locale_type": "suburb",
        "grade_low": "KG",
        "grade_high": "12",
        "grade_low_rank": 0,
        "grade_high_rank": 12,
        "level": "other",
        "is_charter": False,
        "enrollment": 334,
        "status": "open",
    }
    assert row.district == {
        "nces_leaid": "0604290",
        "name": "Beaumont Unified",
        "state": "CA",
        "state_district_id": "CA-3366993",
    }


def test_classic_ccd_row_gets_national_state_ids(tmp_path: Path) -> None:
    [row] = rows_of(tmp_path, CCD_SCHOOL_HEADER, TX_ROW)
    assert isinstance(row, SchoolRow)
    assert row.values["state_school_id"] == "TX-054901-054901101"
    assert row.district["state_district_id"] == "TX-054901"
    assert (row.values["level"], row.values["locale_type"]) == ("elementary", "rural")
    assert (row.values["is_charter"], row.values["status"]) == (False, "open")
    assert "enrollment" not in row.values  # the layout has no such column: never blanked


def test_placeholders_become_none(tmp_path: Path) -> None:
    placeholders = {
        "Low Grade*": MISSING,
        "High Grade*": MISSING,
        "Locale Code*": "†",
        "Students*": "†",
    }
    row = replaced(CA_ROW, SEARCH_SCHOOL_HEADER, Phone="", Charter="†", **placeholders)
    [parsed] = rows_of(tmp_path, SEARCH_SCHOOL_HEADER, row)
    assert isinstance(parsed, SchoolRow)
    emptied = ("grade_low", "grade_high", "locale_code", "locale_type", "enrollment", "phone")
    assert [parsed.values[name] for name in (*emptied, "is_charter")] == [None] * 7
    assert parsed.values["level"] == "other"


def test_school_belongs_to_the_state_of_its_lea_id_not_its_mailing_address(
    tmp_path: Path,
) -> None:
    row = replaced(CA_ROW, SEARCH_SCHOOL_HEADER, City="CHICAGO", State="IL")
    [parsed] = rows_of(tmp_path, SEARCH_SCHOOL_HEADER, row)
    assert isinstance(parsed, SchoolRow)
    assert (parsed.values["state"], parsed.values["city"]) == ("CA", "CHICAGO")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("060429013779", "060429013779"),
        ("60429013779", "060429013779"),  # a spreadsheet dropped the FIPS zero
        ('="060429013779"', "060429013779"),
        ("'060429013779", "060429013779"),
        (" 480000101145 ", "480000101145"),
    ],
)
def test_school_ids_keep_their_leading_zeros(cell: str, expected: str) -> None:
    assert codes.nces_id(cell, 12, "NCES School ID") == expected


@pytest.mark.parametrize(
    "cell", ["", "†", "06042901377X", "6042901377", "0604290137790", "6.04E+10"]
)
def test_bad_ids_are_refused(cell: str) -> None:
    with pytest.raises(codes.InvalidValue, match="not a 12-digit NCES id"):
        codes.nces_id(cell, 12, "NCES School ID")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("PK", "PK"), ("KG", "KG"), ("kg", "KG"), ("01", "01"), ("1", "01"), ("09", "09"),
        ("12", "12"), ("13", "13"), ("UG", "UG"), ("AE", "AE"), ("N", None), ("M", None),
        (MISSING, None), ("", None), ("K", None), ("14", None), ("00", None),
    ],
)  # fmt: skip
def test_grades(cell: str, expected: str | None) -> None:
    assert codes.grade(cell) == expected


@pytest.mark.parametrize(
    ("low", "high", "level"),
    [
        ("PK", "PK", "prekindergarten"),
        ("PK", "KG", "elementary"),
        ("PK", "05", "elementary"),
        ("KG", "08", "elementary"),
        ("03", "08", "elementary"),
        ("03", "09", "other"),
        ("04", "06", "middle"),
        ("06", "08", "middle"),
        ("07", "08", "middle"),
        ("07", "09", "middle"),
        ("04", "12", "other"),
        ("07", "12", "high"),
        ("09", "12", "high"),
        ("12", "12", "high"),
        ("09", "13", "high"),
        ("09", "11", "other"),
        ("KG", "12", "other"),
        ("06", "12", "other"),
        ("UG", "UG", "other"),
        ("AE", "AE", "other"),
        ("05", "03", "other"),
        (None, None, "other"),
        ("KG", None, "other"),
    ],
)
def test_level_follows_the_nces_rule(low: str | None, high: str | None, level: str) -> None:
    assert codes.school_level(low, high).value == level


@pytest.mark.parametrize(
    ("cell", "code"),
    [("11", 11), ("21", 21), ("43", 43), ("21.00000", 21), ("†", None), ("14", None),
     ("44", None), ("00:00:00", None), ("", None)],
)  # fmt: skip
def test_locale_codes(cell: str, code: int | None) -> None:
    assert codes.locale_code(cell) == code


@pytest.mark.parametrize(
    ("cell", "number"),
    [("334.00000", 334), ("0.00000", 0), ("18354", 18354), ("12.50000", None), ("-1", None),
     ("-2.00000", None), ("†", None), (MISSING, None), ("", None), ("n/a", None)],
)  # fmt: skip
def test_counts(cell: str, number: int | None) -> None:
    assert codes.count(cell) == number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("90703", "90703"), ("2138", "02138"), ("90703-1838", "90703"), ("907031838", "90703"),
     ("", None), ("N", None), ("9070", "09070"), ("907", None), ("ABCDE", None)],
)  # fmt: skip
def test_zip_codes(cell: str, expected: str | None) -> None:
    assert codes.zip_code(cell) == expected


@pytest.mark.parametrize(
    ("layout", "cell", "expected"),
    [
        (SEARCH_SCHOOLS, "Open", "open"),
        (SEARCH_SCHOOLS, "New", "new"),
        (SEARCH_SCHOOLS, "Reopened", "reopened"),
        (SEARCH_SCHOOLS, "Added", "open"),
        (SEARCH_SCHOOLS, "Changed Agency", "open"),
        (SEARCH_SCHOOLS, "Future", "future"),
        (SEARCH_SCHOOLS, "closed", "closed"),
        (CCD_SCHOOLS, "1", "open"),
        (CCD_SCHOOLS, "2", "closed"),
        (CCD_SCHOOLS, "3", "new"),
        (CCD_SCHOOLS, "4", "open"),
        (CCD_SCHOOLS, "5", "open"),
        (CCD_SCHOOLS, "6", "inactive"),
        (CCD_SCHOOLS, "7", "future"),
        (CCD_SCHOOLS, "8", "reopened"),
    ],
)
def test_statuses(layout: Layout, cell: str, expected: str) -> None:
    assert codes.status(cell, layout.statuses) == expected


@pytest.mark.parametrize(
    ("layout", "cell", "expected"),
    [(SEARCH_SCHOOLS, "Yes", True), (SEARCH_SCHOOLS, "No", False), (SEARCH_SCHOOLS, "†", None),
     (CCD_SCHOOLS, "1", True), (CCD_SCHOOLS, "2", False), (CCD_SCHOOLS, "N", None)],
)  # fmt: skip
def test_charter_flags(layout: Layout, cell: str, expected: bool | None) -> None:
    assert codes.flag(cell, layout.charter) is expected


def test_ccd_agency_type_codes_read_like_the_search_export(tmp_path: Path) -> None:
    header = "LEAID,NAME,LSTATE,TYPE,ULOCAL"
    rows = rows_of(tmp_path, header, "4800001,CROSBYTON CISD,TX,1,00:00:00", "4800002,X,TX,7,41")
    assert all(isinstance(row, DistrictRow) for row in rows)
    read = [(row.values["agency_type"], row.values["locale_code"]) for row in rows]  # type: ignore[union-attr]
    assert read == [("Regular Local", None), ("Charter", 41)]


def test_malformed_rows_become_errors_with_their_line_numbers(tmp_path: Path) -> None:
    rows = rows_of(
        tmp_path,
        SEARCH_SCHOOL_HEADER,
        CA_ROW,
        replaced(CA_ROW, SEARCH_SCHOOL_HEADER, School_Name='Two\nLine "Academy"'),
        "060429013779,too,few,cells",
        replaced(CA_ROW, SEARCH_SCHOOL_HEADER, **{"NCES School ID": "06042901377X"}),
        replaced(CA_ROW, SEARCH_SCHOOL_HEADER, School_Name=" ", Status="Shut"),
        "",
        replaced(CA_ROW, SEARCH_SCHOOL_HEADER, **{"NCES District ID": "99"}),
    )
    summary = [(r.line, r.message) if isinstance(r, RowError) else (r.line, "ok") for r in rows]
    assert summary == [
        (2, "ok"),
        (3, "ok"),  # its quoted cell spans lines 3 and 4
        (5, "expected 26 cells as in the header, found 4"),
        (6, "NCES School ID '06042901377X' is not a 12-digit NCES id"),
        (
            7,
            "School Name is empty; unknown status 'Shut' (expected one of open, new, "
            "reopened, added, changed agency, future, closed, inactive)",
        ),
        (9, "NCES District ID '99' is not a 7-digit NCES id"),
    ]


def test_unknown_state_is_an_error(tmp_path: Path) -> None:
    header = "NCES District ID,District Name,State"
    [row] = rows_of(tmp_path, header, "5700001,Somewhere,ZZ")
    assert isinstance(row, RowError)
    assert "no state" in row.message
