"""Reading CSV files as spreadsheet programs write them."""

import pytest

from api.core.errors import Unprocessable
from api.integrations.spreadsheets.cells import normalised, value_of
from api.integrations.spreadsheets.sheet import read_sheet


def test_bom_crlf_quoted_newlines_and_formulas_are_read_as_text() -> None:
    data = (
        b"\xef\xbb\xbfName ,Address,Formula\r\n"
        b'"A","1 Main St\r\nSpringfield",=1+1\r\n'
        b"\r\n"
        b'B,"2 ""Oak"" Ave",\'0042\r\n'
    )

    sheet = read_sheet(data)

    assert sheet.header == ["Name", "Address", "Formula"]
    assert [row.line for row in sheet.rows] == [2, 5]
    assert sheet.rows[0].cells == {
        "Name": "A",
        "Address": "1 Main St\r\nSpringfield",
        "Formula": "=1+1",
    }
    assert sheet.rows[1].cells["Address"] == '2 "Oak" Ave'
    assert value_of("Formula", sheet.rows[1].cells) == "0042"  # the Excel guard is dropped


def test_a_windows_1252_file_is_read() -> None:
    sheet = read_sheet("Name\r\nJosé\r\n".encode("cp1252"))
    assert sheet.rows[0].cells == {"Name": "José"}


def test_a_short_row_is_padded_and_templates_join_cells() -> None:
    sheet = read_sheet(b"District,Campus,Extra\n'001902,'001902001\n")
    cells = sheet.rows[0].cells
    assert cells["Extra"] == ""
    assert value_of("TX-{District}-{Campus}", cells) == "TX-001902-001902001"
    assert value_of("TX-{Extra}", cells) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"A,B\n1,2,3\n", "line 2: 3 cells, the header has 2"),
        (b"A,A\n1,2\n", "repeats the column(s) A"),
        (b'A\n"open\n', "line 2"),
        (b"A\n\x00\n", "NUL"),
    ],
)
def test_a_file_that_is_not_csv_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        read_sheet(data)
    assert message in refused.value.detail


def test_names_compare_without_case_accents_or_punctuation() -> None:
    assert normalised(" Flushing  YMCA ") == normalised("flushing ymca")
    assert normalised("P.S. 205 Clarion School") == "p s 205 clarion school"
    assert normalised("Boys & Girls Club") == normalised("Boys and Girls Club")
    assert normalised("Escuela José Martí") == "escuela jose marti"
