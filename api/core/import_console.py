"""The terminal side every `trellis import ...` shares: its two consoles, the file read,
a progress bar, the import run in one committed session, a refusal, and a report's
lines."""

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import create_database, create_engine
from api.core.errors import Problem
from api.core.events import flush_events, set_actor
from api.core.import_report import LineIssue

EXIT_OK = 0
EXIT_ROWS_FAILED = 1  # the good lines were imported; the report lists the others
EXIT_REFUSED = 2  # the file is wrong; nothing was written
SHOWN = 30
T = TypeVar("T")


def consoles() -> tuple[Console, Console]:
    """The report's console and the one for progress and refusals (stderr). No markup:
    file names and messages are printed as they are, brackets included."""
    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    return out, err


def read_upload(path: Path, err: Console) -> bytes | None:
    """The file's bytes, or None once it is said why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        err.print(f"Cannot read {path}: {error.strerror}")
        return None


def progress_bar(err: Console, *middle: ProgressColumn) -> Progress:
    """A bar per stage on stderr, only on a terminal, gone when done."""
    columns = (TextColumn("{task.description}"), BarColumn(), *middle, TimeElapsedColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


async def run_committed(
    database_url: str, actor: str, work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run the import in one session acting as `actor`, with its events, and commit."""
    database = create_database(create_engine(database_url))
    try:
        async with database.sessionmaker() as session:
            set_actor(session, actor)
            result = await work(session)
            await flush_events(session)
            await session.commit()
            return result
    finally:
        await database.engine.dispose()


def print_refusal(err: Console, name: str, problem: Problem, separator: str = ".") -> None:
    """Why the file was refused, each wrong place by its `loc` joined with `separator`."""
    err.print(f"Refused {name}: {problem.detail}")
    errors = problem.errors or []
    for issue in errors[:SHOWN]:
        where = separator.join(str(part) for part in issue["loc"])
        err.print(f"  {where}: {issue['msg']}")
    if len(errors) > SHOWN:
        err.print(f"  ...and {len(errors) - SHOWN:,} more")
    err.print("Nothing was imported.")


def print_lines(
    console: Console,
    lines: Sequence[LineIssue],
    heading: str | None = None,
    shown: int = SHOWN,
    more: str = "",
) -> None:
    """The first `shown` lines (`file:line: message`, `line N: message`, or for the whole
    file `file: message`), then how many more; under `heading` ("N line(s) <heading>:") when given."""
    if not lines:
        return
    indent = ""
    if heading is not None:
        console.print(f"{len(lines):,} line(s) {heading}:")
        indent = "  "
    for issue in lines[:shown]:
        where = f"{issue.file}:{issue.line}" if issue.file else f"line {issue.line}"
        if issue.line is None:
            where = issue.file or "the file"
        console.print(f"{indent}{where}: {issue.message}")
    if len(lines) > shown:
        console.print(f"{indent}...and {len(lines) - shown:,} more{more}")
