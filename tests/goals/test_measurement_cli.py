"""`trellis import measurements`: a mapped file, every bad line listed, exit codes."""

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from api.cli import app
from api.core.db import create_engine, make_sessionmaker
from api.core.events import Event
from api.goals.models import Goal, Measurement
from tests.cli import CliDatabase
from tests.directory.factories import make_school
from tests.goals.measurement_factories import make_goal

runner = CliRunner()
MAPPED = ["--map", "goal_external_id=Goal", "--map", "date=Date", "--map", "value=Score"]


@pytest.fixture
def database_url(cli: CliDatabase) -> str:
    return cli.url


def seed_goal(url: str) -> None:
    async def seed() -> None:
        engine = create_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                await make_goal(session, await make_school(session), external_id="CLI-1")
                await session.commit()
        finally:
            await engine.dispose()

    asyncio.run(seed())


def stored(url: str) -> tuple[list[tuple[dt.date, float]], tuple[object, ...], set[str]]:
    async def read() -> tuple[list[tuple[dt.date, float]], tuple[object, ...], set[str]]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                readings = await connection.execute(
                    select(Measurement.measured_on, Measurement.value).order_by(
                        Measurement.measured_on
                    )
                )
                latest = (
                    await connection.execute(select(Goal.latest_value, Goal.last_measured_on))
                ).one()
                actors = await connection.scalars(
                    select(Event.actor).where(Event.resource == "measurements")
                )
                return [tuple(r) for r in readings], tuple(latest), set(actors)  # type: ignore[misc]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_a_mapped_file_imports_and_bad_lines_are_listed_without_their_contents(
    database_url: str, tmp_path: Path
) -> None:
    seed_goal(database_url)
    good = tmp_path / "scores.csv"
    good.write_text("Goal,Date,Score\nCLI-1,2026-10-01,41.5\nCLI-1,2026-11-01,44\n")
    result = runner.invoke(app, ["import", "measurements", str(good), *MAPPED])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    readings, latest, actors = stored(database_url)
    assert readings == [(dt.date(2026, 10, 1), 41.5), (dt.date(2026, 11, 1), 44.0)]
    assert latest == (44.0, dt.date(2026, 11, 1))
    assert actors == {"import:measurements"}

    again = runner.invoke(app, ["import", "measurements", str(good), *MAPPED])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 2 unchanged" in again.output

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Goal,Date,Score\nCLI-1,2026-12-01,47\nCLI-1,2026-12-08,PRIVATE-7\nNOBODY-9,2026-12-09,1\n"
    )
    refused = runner.invoke(app, ["import", "measurements", str(bad), *MAPPED])
    assert refused.exit_code == 1, refused.output
    assert "line 3: Score: not a number" in refused.output
    assert "line 4: Goal: names no goal that you may change" in refused.output
    assert "PRIVATE-7" not in refused.output
    assert "NOBODY-9" not in refused.output
    assert len(stored(database_url)[0]) == 2

    partial = runner.invoke(app, ["import", "measurements", str(bad), *MAPPED, "--no-atomic"])
    assert partial.exit_code == 1, partial.output
    assert "1 created, 0 updated, 0 unchanged, 2 line(s) refused" in partial.output
    assert stored(database_url)[1] == (47.0, dt.date(2026, 12, 1))


def test_a_bad_mapping_or_file_is_refused(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("goal_id,measured_on,value\n")
    unknown = runner.invoke(app, ["import", "measurements", str(path), "--map", "score=Score"])
    assert unknown.exit_code == 2
    assert "no field 'score'" in unknown.output
    no_column = runner.invoke(app, ["import", "measurements", str(path), "--map", "value=Score"])
    assert no_column.exit_code == 2
    assert "no column 'Score'" in no_column.output
    missing = runner.invoke(app, ["import", "measurements", str(tmp_path / "absent.csv")])
    assert missing.exit_code == 2
