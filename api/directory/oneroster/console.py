"""The terminal side of `trellis import oneroster`: a progress bar, the summary, an exit code."""

import asyncio
import uuid
from pathlib import Path

from rich.console import Console
from rich.progress import MofNCompleteColumn
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Problem
from api.core.import_console import (
    EXIT_OK,
    EXIT_REFUSED,
    consoles,
    print_refusal,
    progress_bar,
    read_upload,
    run_committed,
)
from api.core.scope import EVERYTHING
from api.directory.oneroster.importer import Target, import_oneroster
from api.directory.oneroster.report import ImportSummary

ACTOR = "import:oneroster"


def run_import_cli(
    database_url: str, path: Path, district_id: uuid.UUID | None, state: str | None
) -> int:
    out, err = consoles()
    data = read_upload(path, err)
    if data is None:
        return EXIT_REFUSED
    try:
        summary = asyncio.run(_import(database_url, data, Target(district_id, state), err))
    except Problem as problem:
        print_refusal(err, path.name, problem, separator=":")
        return EXIT_REFUSED
    _print_summary(out, summary)
    return EXIT_OK


async def _import(database_url: str, data: bytes, target: Target, err: Console) -> ImportSummary:
    with progress_bar(err, MofNCompleteColumn()) as bar:
        tasks: dict[str, object] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)  # type: ignore[arg-type]

        async def work(session: AsyncSession) -> ImportSummary:
            return await import_oneroster(session, EVERYTHING, data, target, advance)

        return await run_committed(database_url, ACTOR, work)


def _print_summary(out: Console, summary: ImportSummary) -> None:
    table = Table("records", "created", "updated", "unchanged")
    for name, counts in summary.stages().items():
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
