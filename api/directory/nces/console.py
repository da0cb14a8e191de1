"""The terminal side of `trellis import nces`: progress, summary, exit code."""

import asyncio
from pathlib import Path

from rich.console import Console
from rich.progress import MofNCompleteColumn, TextColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import create_engine
from api.core.import_console import EXIT_OK, EXIT_REFUSED, consoles, print_lines, progress_bar
from api.directory.nces.importer import import_nces
from api.directory.nces.report import NcesReport
from api.directory.nces.upsert import DirectoryChanged

EXIT_FAILED = 1  # the database refused the import; it was rolled back
SHOWN_ERRORS = 20


def run_import_cli(database_url: str, paths: list[Path], dry_run: bool) -> int:
    out, err = consoles()
    try:
        report = asyncio.run(_import(database_url, paths, dry_run, err))
    except DirectoryChanged as exc:
        err.print(f"Import stopped: {exc}")
        return EXIT_FAILED
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        err.print(f"Import failed and was rolled back, nothing was written: {reason}")
        return EXIT_FAILED
    if report.refused:
        for refusal in report.refused:
            err.print(f"Refused {refusal.path}: {refusal.reason}")
        err.print("Nothing was imported.")
        return EXIT_REFUSED
    _print_summary(out, report)
    return EXIT_OK


async def _import(database_url: str, paths: list[Path], dry_run: bool, err: Console) -> NcesReport:
    engine = create_engine(database_url)
    try:
        with progress_bar(err, MofNCompleteColumn(), TextColumn("lines")) as progress:
            return await import_nces(engine, paths, dry_run=dry_run, progress=progress)
    finally:
        await engine.dispose()


def _print_summary(out: Console, report: NcesReport) -> None:
    table = Table("layout", "created", "updated", "unchanged", "errors")
    table.add_column("file", overflow="fold")
    for file in report.files:
        counts = (file.created, file.updated, file.unchanged, len(file.errors))
        table.add_row(file.layout, *(f"{n:,}" for n in counts), file.path.name)
    out.print(table)
    added = sum(file.districts_created for file in report.files)
    if added:
        out.print(f"{added:,} districts were created from school rows: no district file had them.")
    print_lines(out, report.errors, shown=SHOWN_ERRORS, more=" row errors")
    if not report.changed:
        out.print("Nothing changed: the directory already matches these files.")
    if report.dry_run:
        out.print("Dry run: nothing was written.")
