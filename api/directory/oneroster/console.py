"""The terminal side of `trellis import oneroster`: a progress bar, the summary, an exit code."""

import asyncio
import uuid
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.core.db import create_database, create_engine
from api.core.errors import Problem
from api.core.events import flush_events, set_actor
from api.core.scope import EVERYTHING
from api.directory.oneroster.importer import Target, import_oneroster
from api.directory.oneroster.report import ImportSummary

EXIT_OK = 0
EXIT_REFUSED = 2  # the zip or a row is wrong; nothing was written
SHOWN_ERRORS = 30
ACTOR = "import:oneroster"


def run_import_cli(
    database_url: str, path: Path, district_id: uuid.UUID | None, state: str | None
) -> int:
    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    try:
        data = path.read_bytes()
    except OSError as error:
        err.print(f"Cannot read {path}: {error.strerror}")
        return EXIT_REFUSED
    try:
        summary = asyncio.run(_import(database_url, data, Target(district_id, state), err))
    except Problem as problem:
        err.print(f"Refused {path.name}: {problem.detail}")
        for issue in (problem.errors or [])[:SHOWN_ERRORS]:
            where = ":".join(str(part) for part in issue["loc"])
            err.print(f"  {where}: {issue['msg']}")
        if len(problem.errors or []) > SHOWN_ERRORS:
            err.print(f"  ...and {len(problem.errors or []) - SHOWN_ERRORS:,} more")
        err.print("Nothing was imported.")
        return EXIT_REFUSED
    _print_summary(out, summary)
    return EXIT_OK


async def _import(database_url: str, data: bytes, target: Target, err: Console) -> ImportSummary:
    database = create_database(create_engine(database_url))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            tasks: dict[str, object] = {}

            def advance(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done)  # type: ignore[arg-type]

            async with database.sessionmaker() as session:
                set_actor(session, ACTOR)
                summary = await import_oneroster(session, EVERYTHING, data, target, advance)
                await flush_events(session)
                await session.commit()
                return summary
    finally:
        await database.engine.dispose()


def _print_summary(out: Console, summary: ImportSummary) -> None:
    table = Table("records", "created", "updated", "unchanged")
    for name in ("districts", "schools", "people", "role_assignments"):
        counts = getattr(summary, name)
        table.add_row(name, *(f"{n:,}" for n in (counts.created, counts.updated, counts.unchanged)))
    out.print(
        f"OneRoster {summary.oneroster_version}: "
        + ", ".join(f"{name} {mode}" for name, mode in summary.modes.items())
    )
    out.print(table)
    skipped = summary.skipped
    if skipped.learners or skipped.learner_roles:
        out.print(
            f"{skipped.learners:,} students and family members and "
            f"{skipped.learner_roles:,} of their roles were skipped (never stored)."
        )
    if skipped.users_without_roles:
        out.print(f"{skipped.users_without_roles:,} new users without any role were skipped.")
    if skipped.orgs:
        out.print(f"{skipped.orgs:,} orgs of other types were not stored.")
    if skipped.deleted_districts:
        out.print(f"{skipped.deleted_districts:,} districts marked tobedeleted were kept.")
