"""The terminal side of `trellis import people|partners`: the report, an exit code."""

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from api.core.errors import Problem
from api.core.import_console import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_ROWS_FAILED,
    consoles,
    print_refusal,
    read_upload,
    run_committed,
)
from api.core.scope import EVERYTHING
from api.integrations.imports.console import print_outcome
from api.integrations.spreadsheets import (
    import_partners,
    import_people,
    partners_mapping,
    people_mapping,
)
from api.integrations.spreadsheets.report import SpreadsheetReport

IMPORTS: dict[str, tuple[Callable[[str], Any], Callable[..., Awaitable[SpreadsheetReport]]]] = {
    "people": (people_mapping, import_people),
    "partners": (partners_mapping, import_partners),
}


def run_import_cli(
    database_url: str, kind: str, path: Path, mapping_text: str, dry_run: bool
) -> int:
    parse_mapping, run = IMPORTS[kind]
    out, err = consoles()
    data = read_upload(path, err)
    if data is None:
        return EXIT_REFUSED
    try:
        mapping = parse_mapping(mapping_text)
        report = asyncio.run(
            run_committed(
                database_url,
                f"import:{kind}",
                lambda session: run(session, EVERYTHING, data, mapping, dry_run=dry_run),
            )
        )
    except Problem as problem:
        print_refusal(err, path.name, problem)
        return EXIT_REFUSED
    counts = {"created": report.created, "updated": report.updated}
    counts |= {"unchanged": report.unchanged, "failed": report.failed}
    issues = (report.errors, report.notes)
    print_outcome(out, path.name, counts, issues, "imported, site not placed", report.dry_run)
    return EXIT_ROWS_FAILED if report.failed else EXIT_OK
