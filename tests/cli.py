"""Running `trellis` commands in the tests, against a migrated database of their own that
the commands commit to for real."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from click.testing import Result
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.cli import app
from api.core.db import create_database, create_engine

T = TypeVar("T")
runner = CliRunner()


@dataclass(frozen=True)
class CliDatabase:
    url: str

    def invoke(self, arguments: Sequence[str]) -> Result:
        return runner.invoke(app, list(arguments))

    def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` in a session of the database, and commit."""

        async def run() -> T:
            database = create_database(create_engine(self.url))
            try:
                async with database.sessionmaker() as session:
                    result = await work(session)
                    await session.commit()
                    return result
            finally:
                await database.engine.dispose()

        return asyncio.run(run())

    def count(self, model: Any) -> int:
        async def counted(session: AsyncSession) -> int:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

        return self.run(counted)
