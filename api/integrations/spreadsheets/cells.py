"""How a mapping names the cells a field takes its value from, and how cells are cleaned.

A mapping's value is a column name (`"Email Address"`) or a template joining columns and
fixed text (`"TX-{District Number}-{Organization Number}"`), for ids a directory writes
differently from the file.
"""

import re
import unicodedata
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Spreadsheet users type an apostrophe before an id so Excel keeps its leading zeros.
EXCEL_TEXT_GUARD = "'"


def columns_of(source: str) -> list[str]:
    """The columns a mapping value reads."""
    named = PLACEHOLDER.findall(source)
    return [name.strip() for name in named] if named else [source.strip()]


def clean(cell: str) -> str:
    return cell.strip().removeprefix(EXCEL_TEXT_GUARD).strip()


def value_of(source: str, cells: Mapping[str, str]) -> str | None:
    """The cleaned value a row gives a field; None when a cell it needs is empty."""
    if not PLACEHOLDER.search(source):
        return clean(cells[source.strip()]) or None
    parts: list[str] = []
    position = 0
    for found in PLACEHOLDER.finditer(source):
        cell = clean(cells[found.group(1).strip()])
        if not cell:
            return None
        parts += [source[position : found.start()], cell]
        position = found.end()
    return "".join([*parts, source[position:]])


def normalised(name: str) -> str:
    """A name as compared across files: case, accents, punctuation and spacing ignored,
    `&` read as `and`."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", plain.casefold().replace("&", " and ")).split()
    return " ".join(words)
