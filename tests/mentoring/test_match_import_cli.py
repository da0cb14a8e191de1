"""Importing a match history from the command line: a column map, a second run that changes
nothing, bad lines listed by line with nothing written and no free text about minors shown."""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.cli import app
from api.core.db import create_engine, make_sessionmaker
from api.mentoring.models import Match
from api.settings import get_settings
from tests.mentoring.import_factories import export, make_program

SECRET = "Little told the volunteer about a hard week at home"
T = TypeVar("T")
runner = CliRunner()


@pytest.fixture
def cli_database(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TRELLIS_DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    yield fresh_database_url
    get_settings.cache_clear()


def _on(url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                done = await work(session)
                await session.commit()
                return done
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_the_command_imports_with_a_column_map_and_lists_bad_lines(
    cli_database: str, tmp_path: Path
) -> None:
    program = _on(cli_database, make_program)
    header = ["Pair", "Stage", "Little ID", "Big ID", "Begun", "Match Length", "Closure Details"]
    good = tmp_path / "pairs.csv"
    lines = [
        {"Pair": "P1", "Stage": "Closed", "Little ID": "L1", "Big ID": "B1", "Begun": "2020-01-01"},
        {"Pair": "P2", "Stage": "Active", "Little ID": "L2", "Big ID": "B1", "Begun": "2021-01-01"},
    ]
    good.write_text(export(lines, header), encoding="utf-8")
    command = ["import", "matches", str(good), "--program", str(program.id)]
    mapped = [*command, "--map", "match_id=Pair", "--map", "activation=Begun"]

    first = runner.invoke(app, mapped)
    assert first.exit_code == 0, first.output
    assert "2 matches created, 0 updated, 0 unchanged; 3 mentors and mentees created" in (
        first.output
    )
    again = runner.invoke(app, mapped)
    assert again.exit_code == 0, again.output
    assert "0 matches created, 0 updated, 2 unchanged" in again.output

    bad = tmp_path / "bad.csv"
    broken = [line | {"Begun": "soon", "Closure Details": SECRET} for line in lines]
    bad.write_text(export([*broken, lines[0] | {"Pair": "P3"}], header), encoding="utf-8")
    refused = runner.invoke(app, [*mapped[:2], str(bad), *mapped[3:]])
    assert refused.exit_code == 1
    assert "bad.csv: line 2: Begun is not a date" in refused.output
    assert "bad.csv: line 3: Begun is not a date" in refused.output
    assert SECRET not in refused.output
    stored = _on(
        cli_database,
        lambda s: s.scalar(
            select(func.count()).select_from(Match).where(Match.program_id == program.id)
        ),
    )
    assert stored == 2  # atomic: P3 was not written either

    unknown = runner.invoke(app, [*command, "--map", "colour=Pair"])
    assert unknown.exit_code == 2
    assert "field one of match_id, mentor" in unknown.output
