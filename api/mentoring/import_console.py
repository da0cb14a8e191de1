"""The terminal side of `trellis import matches`: the column map, a progress bar, the
line errors and the exit code. The import is the API's (api.mentoring.service.match_import)."""

import asyncio
import uuid
from dataclasses import fields, replace
from pathlib import Path

from rich.console import Console
from rich.progress import TaskProgressColumn
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import create_engine, make_sessionmaker
from api.core.errors import Unprocessable
from api.core.events import flush_events, set_actor
from api.core.import_console import consoles, progress_bar
from api.mentoring.models import Program
from api.mentoring.service.match_history_rows import ColumnMap
from api.mentoring.service.match_import import ImportOutcome, import_matches

EXIT_OK = 0
EXIT_FAILED = 1  # bad lines, or the database refused the import
EXIT_REFUSED = 2  # no such file, programme or field
ACTOR = "import:matches"
STAGES = {"read": "checking against the programme", "checked": "writing", "written": "done"}
FIELDS = [f.name for f in fields(ColumnMap)]


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def column_map(pairs: list[str]) -> ColumnMap:
    """`field=Column` pairs over the BBBS defaults."""
    columns = ColumnMap()
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in FIELDS or not column.strip():
            raise Refused(f"--map {pair!r}: give field=Column, field one of {', '.join(FIELDS)}")
        columns = replace(columns, **{name.strip(): column.strip()})
    return columns


def run_import_cli(
    database_url: str, path: Path, program: str, pairs: list[str], atomic: bool
) -> int:
    out, err = consoles()
    try:
        columns = column_map(pairs)
        program_id = _uuid(program)
        text = _read(path)
        outcome = asyncio.run(_import(database_url, program_id, text, columns, atomic, err))
    except Refused as refused:
        err.print(f"Refused: {refused.reason}")
        return EXIT_REFUSED
    except Unprocessable as problem:
        for error in problem.errors or []:
            err.print(f"{path.name}: {error['msg']}")
        err.print(f"{problem.detail}")
        return EXIT_FAILED
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        err.print(f"Import failed and was rolled back, nothing was written: {reason}")
        return EXIT_FAILED
    _print_summary(out, err, path, outcome)
    return EXIT_FAILED if outcome.errors else EXIT_OK


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Refused(f"--program {value!r} is not a programme id") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Refused(f"no file {path}") from None
    except UnicodeDecodeError:
        raise Refused(f"{path} is not UTF-8 text") from None


async def _import(
    database_url: str,
    program_id: uuid.UUID,
    text: str,
    columns: ColumnMap,
    atomic: bool,
    err: Console,
) -> ImportOutcome:
    engine = create_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            set_actor(session, ACTOR)
            program = await session.get(Program, program_id)
            if program is None:
                raise Refused(f"no programme {program_id}")
            with progress_bar(err, TaskProgressColumn()) as shown:
                task = shown.add_task("reading lines", total=len(STAGES))

                def advance(stage: str, done: int, total: int) -> None:
                    shown.update(task, advance=1, description=f"{done:,} lines: {STAGES[stage]}")

                outcome = await import_matches(
                    session, program, text, columns, atomic=atomic, progress=advance
                )
            await flush_events(session)
            await session.commit()
            return outcome
    finally:
        await engine.dispose()


def _print_summary(out: Console, err: Console, path: Path, outcome: ImportOutcome) -> None:
    out.print(
        f"{outcome.lines:,} lines: {outcome.created:,} matches created, "
        f"{outcome.updated:,} updated, {outcome.unchanged:,} unchanged; "
        f"{outcome.participants_created:,} mentors and mentees created"
    )
    for issue in outcome.warnings:
        out.print(f"{path.name}: {issue.text()} (warning)")
    for issue in outcome.errors:
        err.print(f"{path.name}: {issue.text()}")
    if outcome.errors:
        err.print(f"{outcome.failed:,} line(s) were not imported.")
