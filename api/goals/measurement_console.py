"""The terminal side of `trellis import measurements`: mapping, progress, errors, exit code.

Row contents are never printed: an error names its line and column only.
"""

import asyncio
from pathlib import Path

from rich.console import Console
from rich.progress import MofNCompleteColumn, TextColumn
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import create_engine, make_sessionmaker
from api.core.errors import Problem
from api.core.events import flush_events, set_actor
from api.core.import_console import consoles, progress_bar
from api.core.scope import EVERYTHING
from api.goals.schemas.measurements import MeasurementImportResult
from api.goals.service.measurement_csv import ColumnMap
from api.goals.service.measurement_import import import_measurements

ACTOR = "import:measurements"
EXIT_OK = 0
EXIT_ERRORS = 1  # some lines were bad (with atomic, nothing was written)
EXIT_REFUSED = 2  # the file or the mapping cannot be read


class MappingError(ValueError):
    pass


def column_map(mappings: list[str]) -> ColumnMap:
    """`date=Date`, `value=Score`...: which column holds each field."""
    known = ColumnMap.fields()
    chosen: dict[str, str] = {}
    for mapping in mappings:
        name, sep, column = mapping.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not column:
            raise MappingError(f"--map takes FIELD=COLUMN, got '{mapping}'")
        if name not in known:
            raise MappingError(f"--map: no field '{name}'; the fields are {', '.join(known)}")
        chosen[name] = column
    return ColumnMap(**chosen)


def run_measurement_import_cli(
    database_url: str, path: Path, mappings: list[str], atomic: bool
) -> int:
    out, err = consoles()
    try:
        columns = column_map(mappings)
        text = path.read_bytes().decode("utf-8-sig")
    except MappingError as exc:
        err.print(str(exc))
        return EXIT_REFUSED
    except OSError as exc:
        err.print(f"Cannot read {path}: {exc.strerror}")
        return EXIT_REFUSED
    except UnicodeDecodeError as exc:
        err.print(f"{path} is not UTF-8 text (byte {exc.start}); nothing was imported.")
        return EXIT_REFUSED
    try:
        result = asyncio.run(_import(database_url, text, columns, atomic, err))
    except SQLAlchemyError as exc:
        # The first line only: the database's detail would quote the row.
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        err.print(f"Import failed and was rolled back, nothing was written: {reason}")
        return EXIT_ERRORS
    except Problem as problem:
        for problem_item in problem.errors or []:
            err.print(_located(problem_item["loc"], problem_item["msg"]))
        err.print(f"{problem.detail}")
        return EXIT_ERRORS if _about_lines(problem) else EXIT_REFUSED
    for error in result.errors:
        err.print(f"line {error.line}: {error.field}: {error.message}")
    out.print(
        f"{result.created:,} created, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged, {result.failed:,} line(s) refused"
    )
    return EXIT_ERRORS if result.errors else EXIT_OK


def _about_lines(problem: Problem) -> bool:
    return any(error["loc"][:2] == ["body", "line"] for error in problem.errors or [])


def _located(loc: list[object], message: str) -> str:
    if loc[:2] == ["body", "line"]:
        return f"line {loc[2]}: {loc[3]}: {message}"
    return f"{'.'.join(str(part) for part in loc)}: {message}"


async def _import(
    database_url: str, text: str, columns: ColumnMap, atomic: bool, err: Console
) -> MeasurementImportResult:
    engine = create_engine(database_url)
    try:
        with progress_bar(err, MofNCompleteColumn(), TextColumn("lines")) as progress:
            task = progress.add_task("measurements", total=max(text.count("\n"), 1))
            async with make_sessionmaker(engine)() as session:
                set_actor(session, ACTOR)
                result = await import_measurements(
                    session,
                    EVERYTHING,
                    text,
                    columns,
                    atomic=atomic,
                    progress=lambda lines: progress.advance(task, lines),
                )
                await flush_events(session)
                await session.commit()
            progress.update(task, completed=progress.tasks[0].total)
            return result
    finally:
        await engine.dispose()
