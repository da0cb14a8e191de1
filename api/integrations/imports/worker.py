"""The import side of `trellis worker`: claims queued jobs one at a time and runs them.

A claim marks the job `running` with the worker's name and a lease; on PostgreSQL
several workers claim at once with `FOR UPDATE SKIP LOCKED`, never the same job (run
one worker on SQLite). The import and the job's outcome commit together, so a worker
that dies mid-import leaves nothing written: its job is claimed again once the lease
runs out. On PostgreSQL the rows done are published as the import goes.
"""

import asyncio
import contextlib
import datetime as dt
import logging
import uuid

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Database, utcnow
from api.core.events import set_actor
from api.integrations.imports.execution import Tracker, run_job
from api.integrations.imports.models import ImportJob, JobStatus
from api.integrations.webhooks.worker import worker_name

log = logging.getLogger("trellis.imports")
IDLE_SECONDS = 1.0
LEASE = dt.timedelta(minutes=30)
PROGRESS_SECONDS = 2.0


class ImportWorker:
    def __init__(self, database: Database, name: str | None = None) -> None:
        self.database = database
        self.name = name or worker_name()

    async def claim(self) -> uuid.UUID | None:
        """Take the oldest queued job (or one whose worker's lease ran out)."""
        now = utcnow()
        lapsed = and_(ImportJob.status == JobStatus.running.value, ImportJob.claimed_until < now)
        picked = (
            select(ImportJob.id)
            .where(or_(ImportJob.status == JobStatus.queued.value, lapsed))
            .order_by(ImportJob.created_at)
            .limit(1)
        )
        if self.database.is_postgres:
            picked = picked.with_for_update(skip_locked=True)
        statement = (
            update(ImportJob)
            .where(ImportJob.id.in_(picked))
            .values(
                status=JobStatus.running.value,
                claimed_by=self.name,
                claimed_until=now + LEASE,
                started_at=now,
                version=ImportJob.version + 1,
            )
            .returning(ImportJob.id)
            .execution_options(synchronize_session=False)
        )
        async with self.database.sessionmaker() as session, session.begin():
            return (await session.execute(statement)).scalar_one_or_none()

    async def run_once(self) -> bool:
        """Claim and run one job; False when none was waiting."""
        job_id = await self.claim()
        if job_id is None:
            return False
        tracker = Tracker()
        publishing = None
        if self.database.is_postgres:
            publishing = asyncio.create_task(self._publish(job_id, tracker))
        try:
            async with self.database.sessionmaker() as session:
                set_actor(session, f"worker:{self.name}")
                await self._run(session, job_id, tracker)
        except Exception as error:
            log.exception("import job %s failed", job_id)
            await self._fail(job_id, error)
        finally:
            if publishing is not None:
                publishing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await publishing
        return True

    async def _run(self, session: AsyncSession, job_id: uuid.UUID, tracker: Tracker) -> None:
        job = await session.get(ImportJob, job_id)
        if job is None:
            return
        data = await session.scalar(select(ImportJob.file).where(ImportJob.id == job_id))
        await run_job(session, job, data or b"", tracker)
        job.claimed_until = None
        await session.commit()

    async def _fail(self, job_id: uuid.UUID, error: Exception) -> None:
        reason = f"The import stopped: {type(error).__name__}; nothing was written."
        async with self.database.sessionmaker() as session, session.begin():
            await session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(
                    status=JobStatus.failed.value,
                    reason=reason,
                    finished_at=utcnow(),
                    claimed_until=None,
                    version=ImportJob.version + 1,
                )
            )

    async def _publish(self, job_id: uuid.UUID, tracker: Tracker) -> None:
        """Rows done, written beside the import's own transaction every few seconds."""
        while True:
            await asyncio.sleep(PROGRESS_SECONDS)
            async with self.database.sessionmaker() as session, session.begin():
                await session.execute(
                    update(ImportJob)
                    .where(ImportJob.id == job_id)
                    .values(rows_done=tracker.done, rows_total=tracker.total)
                )

    async def run(self, stop: asyncio.Event) -> None:
        """Run jobs until `stop` is set; the job under way is finished first."""
        while not stop.is_set():
            try:
                ran = await self.run_once()
            except Exception:
                # A database outage (or any failure between jobs) must not end the
                # process, which sends the webhooks too: its claim expires and a later
                # round takes the job again.
                log.exception("import worker round failed; retrying")
                ran = False
            if not ran:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), IDLE_SECONDS)


async def run_import_jobs(database: Database, stop: asyncio.Event) -> None:
    worker = ImportWorker(database)
    log.info("import worker %s started", worker.name)
    await worker.run(stop)
