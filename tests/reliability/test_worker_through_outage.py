"""The worker through a database outage: the process keeps running, and its record of what
it sent waits the outage out instead of giving up (which would leave its claims to
expire and every delivery to be sent again)."""

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.db import create_database, create_engine
from api.core.outages import is_database_outage
from api.integrations.imports.worker import run_import_jobs
from api.integrations.webhooks.until_written import until_written
from api.integrations.webhooks.worker import Worker, WorkerOptions
from bench.private_cluster import PrivateCluster, migrated_database, postgres_bindir
from tests.conftest import settings_for_tests

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(postgres_bindir() is None, reason="no PostgreSQL server binaries"),
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[PrivateCluster, str]]:
    with PrivateCluster(max_connections=20) as private:
        yield private, migrated_database(private)


@pytest.fixture
async def outage(
    cluster: tuple[PrivateCluster, str],
) -> AsyncIterator[tuple[PrivateCluster, AsyncEngine]]:
    """The cluster and an engine of one connection to its database; afterwards the cluster
    is started again if the test stopped it, and the engine is disposed of."""
    private, url = cluster
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        yield private, engine
    finally:
        if not private.running():
            private.start()
        await engine.dispose()


async def test_the_record_goes_through_once_the_database_is_back(
    backend: str, outage: tuple[PrivateCluster, AsyncEngine]
) -> None:
    private, engine = outage
    tries = 0

    async def write() -> None:
        nonlocal tries
        tries += 1
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE IF NOT EXISTS written (n int)"))
            await connection.execute(text("INSERT INTO written VALUES (1)"))

    await asyncio.to_thread(private.stop, "fast")
    back = asyncio.create_task(asyncio.sleep(1.5))
    back.add_done_callback(lambda _: private.start())
    await until_written(write, dt.timedelta(seconds=30))
    assert back.done()
    assert tries > 1, "the first try should have met the outage"
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM written")) == 1


async def test_an_error_that_is_not_an_outage_is_not_tried_again(
    backend: str, outage: tuple[PrivateCluster, AsyncEngine]
) -> None:
    _, engine = outage
    tries = 0

    async def write() -> None:
        nonlocal tries
        tries += 1
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO no_such_table VALUES (1)"))

    with pytest.raises(Exception, match="no_such_table"):
        await until_written(write, dt.timedelta(seconds=30))
    assert tries == 1


async def test_it_gives_up_when_its_patience_runs_out(
    backend: str, outage: tuple[PrivateCluster, AsyncEngine]
) -> None:
    private, engine = outage

    async def write() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("SELECT 1"))

    await asyncio.to_thread(private.stop, "fast")
    started = asyncio.get_running_loop().time()
    # Whichever outage error the driver raises: an OSError or a wrapped DBAPIError.
    with pytest.raises((OSError, DBAPIError)) as raised:
        await until_written(write, dt.timedelta(seconds=1))
    assert is_database_outage(raised.value), raised.value
    assert asyncio.get_running_loop().time() - started < 5


async def test_the_worker_process_outlives_a_database_outage(
    backend: str, cluster: tuple[PrivateCluster, str]
) -> None:
    """`trellis worker` runs the import jobs beside the webhooks: an outage that ends
    one loop would end the process, and every delivery with it."""
    private, url = cluster
    database = create_database(create_engine(url, pool_size=2, max_overflow=0))
    stop = asyncio.Event()
    webhooks = Worker(database, WorkerOptions.from_settings(settings_for_tests()))
    loops = asyncio.gather(webhooks.run(stop), run_import_jobs(database, stop))
    try:
        await asyncio.sleep(0.5)
        await asyncio.to_thread(private.stop, "fast")
        await asyncio.sleep(2)  # both loops meet the outage at least once
        assert not loops.done(), loops.exception() if loops.done() else None
        await asyncio.to_thread(private.start)
        await asyncio.sleep(1)
        assert not loops.done()
        stop.set()
        await asyncio.wait_for(loops, 30)
    finally:
        stop.set()
        if not private.running():
            private.start()
        await database.engine.dispose()
