"""The worker as a process: its own database engine, stopped cleanly by SIGTERM or SIGINT."""

import asyncio
import logging
import signal

from api.core.db import create_database, create_engine
from api.core.logs import configure_logging
from api.integrations.imports.worker import run_import_jobs
from api.integrations.webhooks.worker import Worker, WorkerOptions
from api.settings import Settings

log = logging.getLogger("trellis.webhooks")


async def run_worker(settings: Settings) -> None:
    configure_logging(settings.log_level)
    database = create_database(create_engine(settings.async_database_url, pool_size=4))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    worker = Worker(database, WorkerOptions.from_settings(settings))
    log.info("webhook worker %s started", worker.name)
    try:
        await asyncio.gather(worker.run(stop), run_import_jobs(database, stop))
    finally:
        if database.reads is not None:
            await database.reads.close()
        await database.engine.dispose()
        log.info("webhook worker %s stopped", worker.name)
