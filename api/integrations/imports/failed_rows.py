"""The lines a job refused, as uploaded, with an `error` column: fix them and import
the file again."""

import csv
import io
from collections.abc import Iterator
from typing import Any

from api.directory.oneroster.archive import read_members

ZIP_HEADER = ["file", "line", "error", "row"]


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _numbered(text: str, wanted: set[int]) -> Iterator[tuple[int, list[str]]]:
    """The records starting on the wanted lines (the header is line 1), with their line;
    a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    first_line = 1
    for cells in reader:
        if first_line in wanted:
            yield first_line, cells
        first_line = reader.line_num + 1


def _messages(errors: list[dict[str, Any]], file: str | None) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for error in errors:
        if error.get("line") is not None and error.get("file") == file:
            found.setdefault(int(error["line"]), []).append(str(error["message"]))
    return {line: "; ".join(messages) for line, messages in found.items()}


def _row_text(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def failed_rows(data: bytes, errors: list[dict[str, Any]], archive: bool) -> str:
    """A CSV file: the refused lines of a CSV upload under its own header plus `error`;
    for a zip, each refused line's file, line, error and the line as uploaded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if not archive:
        wanted = _messages(errors, None)
        for line, cells in _numbered(_text(data), {1, *wanted}):
            writer.writerow([*cells, wanted.get(line, "error") if line > 1 else "error"])
        return out.getvalue()
    writer.writerow(ZIP_HEADER)
    members = read_members(data)
    for file in sorted({str(e["file"]) for e in errors if e.get("file")}):
        wanted = _messages(errors, file)
        for line, cells in _numbered(_text(members.get(file.lower(), b"")), set(wanted)):
            writer.writerow([file, line, wanted[line], _row_text(cells)])
    return out.getvalue()
