"""The terminal side of `trellis import people|partners`: the report, an exit code."""

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from api.core.db import create_database, create_engine
from api.core.errors import Problem
from api.core.events import flush_events, set_actor
from api.core.scope import EVERYTHING
from api.integrations.spreadsheets import (
    import_partners,
    import_people,
    partners_mapping,
    people_mapping,
)
from api.integrations.spreadsheets.report import RowError, SpreadsheetReport

EXIT_OK = 0
EXIT_ROWS_FAILED = 1  # the good lines were imported; the report lists the others
EXIT_REFUSED = 2  # the file or the mapping is wrong; nothing was written
SHOWN = 30


IMPORTS: dict[str, tuple[Callable[[str], Any], Callable[..., Awaitable[SpreadsheetReport]]]] = {
    "people": (people_mapping, import_people),
    "partners": (partners_mapping, import_partners),
}


def run_import_cli(
    database_url: str, kind: str, path: Path, mapping_text: str, dry_run: bool
) -> int:
    parse_mapping, run = IMPORTS[kind]
    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    try:
        data = path.read_bytes()
    except OSError as error:
        err.print(f"Cannot read {path}: {error.strerror}")
        return EXIT_REFUSED
    try:
        mapping = parse_mapping(mapping_text)
        report = asyncio.run(_import(database_url, kind, data, mapping, run, dry_run))
    except Problem as problem:
        err.print(f"Refused {path.name}: {problem.detail}")
        for issue in (problem.errors or [])[:SHOWN]:
            where = ".".join(str(part) for part in issue["loc"])
            err.print(f"  {where}: {issue['msg']}")
        err.print("Nothing was imported.")
        return EXIT_REFUSED
    _print_report(out, path, report)
    return EXIT_ROWS_FAILED if report.failed else EXIT_OK


async def _import(
    database_url: str,
    kind: str,
    data: bytes,
    mapping: Any,
    run: Callable[..., Awaitable[SpreadsheetReport]],
    dry_run: bool,
) -> SpreadsheetReport:
    database = create_database(create_engine(database_url))
    try:
        async with database.sessionmaker() as session:
            set_actor(session, f"import:{kind}")
            report = await run(session, EVERYTHING, data, mapping, dry_run=dry_run)
            await flush_events(session)
            await session.commit()
            return report
    finally:
        await database.engine.dispose()


def _print_report(out: Console, path: Path, report: SpreadsheetReport) -> None:
    verb = "would be" if report.dry_run else "were"
    out.print(
        f"{path.name}: lines {verb} {report.created:,} created, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged; {report.failed:,} failed."
    )
    _print_lines(out, "not imported", report.errors)
    _print_lines(out, "imported, site not placed", report.unplaced)
    if report.dry_run:
        out.print("Dry run: nothing was written.")


def _print_lines(out: Console, what: str, lines: list[RowError]) -> None:
    if not lines:
        return
    out.print(f"{len(lines):,} line(s) {what}:")
    for line in lines[:SHOWN]:
        out.print(f"  line {line.line}: {line.message}")
    if len(lines) > SHOWN:
        out.print(f"  ...and {len(lines) - SHOWN:,} more")
