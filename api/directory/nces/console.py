"""The terminal side of `trellis import nces`: progress, summary, exit code."""

import asyncio
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import create_engine
from api.directory.nces.importer import import_nces
from api.directory.nces.report import ImportReport
from api.directory.nces.upsert import DirectoryChanged

EXIT_OK = 0
EXIT_FAILED = 1  # the database refused the import; it was rolled back
EXIT_REFUSED = 2  # a file is missing or not an NCES directory file
SHOWN_ERRORS = 20


def run_import_cli(database_url: str, paths: list[Path], dry_run: bool) -> int:
    # No markup: paths and messages are printed as they are, brackets included.
    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
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


async def _import(
    database_url: str, paths: list[Path], dry_run: bool, err: Console
) -> ImportReport:
    engine = create_engine(database_url)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("lines"),
        TimeElapsedColumn(),
    )
    try:
        shown = err.is_terminal
        with Progress(*columns, console=err, transient=True, disable=not shown) as progress:
            return await import_nces(engine, paths, dry_run=dry_run, progress=progress)
    finally:
        await engine.dispose()


def _print_summary(out: Console, report: ImportReport) -> None:
    table = Table("layout", "created", "updated", "unchanged", "errors")
    table.add_column("file", overflow="fold")
    for file in report.files:
        counts = (file.created, file.updated, file.unchanged, len(file.errors))
        table.add_row(file.layout, *(f"{n:,}" for n in counts), file.path.name)
    out.print(table)
    added = sum(file.districts_created for file in report.files)
    if added:
        out.print(f"{added:,} districts were created from school rows: no district file had them.")
    errors = report.errors
    for issue in errors[:SHOWN_ERRORS]:
        out.print(f"{issue.file.name}:{issue.line}: {issue.message}")
    if len(errors) > SHOWN_ERRORS:
        out.print(f"...and {len(errors) - SHOWN_ERRORS:,} more row errors")
    if not report.changed:
        out.print("Nothing changed: the directory already matches these files.")
    if report.dry_run:
        out.print("Dry run: nothing was written.")
