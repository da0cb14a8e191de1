"""Reading a CSV file as lines of text cells, whatever spreadsheet program wrote it.

A byte-order mark and CRLF line ends are taken off, a quoted cell may span lines (each
row keeps the number of the line it starts on), and every cell stays text: a value
such as `=SUM(A1)` or `'001902` is data here, never a formula or a number.
"""

import csv
import io
from dataclasses import dataclass

from api.core.errors import Unprocessable


@dataclass(frozen=True)
class SheetRow:
    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[SheetRow]


def decode(data: bytes) -> str:
    # Spreadsheet programs save UTF-8 (often with a BOM) or, on older Windows, cp1252.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_sheet(data: bytes) -> Sheet:
    """The file's header (each cell trimmed) and its rows keyed by that header; a row
    longer than the header, or a header with empty or repeated names, refuses the file."""
    text = decode(data)
    if "\x00" in text:
        raise _refused("the file holds NUL characters; it is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise _refused("the file is empty") from None
    except csv.Error as error:
        raise _refused(f"line 1: {error}") from None
    _check_header(header)
    rows: list[SheetRow] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(header):
                    raise _refused(
                        f"line {start}: {len(cells)} cells, the header has {len(header)}"
                    )
                padded = cells + [""] * (len(header) - len(cells))
                rows.append(SheetRow(start, dict(zip(header, padded, strict=True))))
            start = reader.line_num + 1
    except csv.Error as error:
        raise _refused(f"line {start}: {error}") from None
    return Sheet(header, rows)


def _check_header(header: list[str]) -> None:
    # Unnamed columns (a trailing comma, say) cannot be mapped, so they are left alone.
    named = [name for name in header if name]
    repeated = sorted({name for name in named if named.count(name) > 1})
    if repeated:
        raise _refused(f"the header repeats the column(s) {', '.join(repeated)}")


def _refused(message: str) -> Unprocessable:
    return Unprocessable(
        f"The file cannot be read as CSV: {message}.",
        errors=[{"loc": ["file"], "msg": message, "type": "csv"}],
    )
