"""Large files wait for `trellis worker`; it claims them, runs them and records the outcome."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Database
from api.core.scope import EVERYTHING
from api.directory.models import School
from api.integrations.imports import service
from api.integrations.imports.models import ImportJob
from api.integrations.imports.worker import ImportWorker
from api.main import create_app
from tests.auth.helpers import sign_in_as
from tests.conftest import settings_for_tests
from tests.directory.oneroster_zips import district_zip
from tests.integrations.imports.jobs import IMPORTS, post_job


@pytest.fixture
def queuing_app(database: Database) -> FastAPI:
    """Every file is large enough to queue; files over 64 KiB are refused."""
    settings = settings_for_tests(import_inline_max_bytes=0, import_max_file_bytes=64 * 1024)
    return create_app(settings, database=database)


async def test_a_large_file_is_queued_cancellable_and_refused_over_the_limit(
    queuing_app: FastAPI, session: AsyncSession
) -> None:
    transport = httpx.ASGITransport(app=queuing_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.headers.update(await sign_in_as(session))
        queued = await post_job(client, "oneroster", district_zip(), state="CA")
        assert queued.status_code == 202, queued.text
        job = queued.json()
        assert job["status"] == "queued"
        assert job["counts"]["created"] == 0
        cancelled = await client.post(f"{IMPORTS}/{job['id']}/cancel")
        assert cancelled.status_code == 200
        assert cancelled.json()["status"] == "cancelled"
        assert (await client.post(f"{IMPORTS}/{job['id']}/cancel")).status_code == 409
        too_large = await post_job(client, "oneroster", b"x" * (64 * 1024 + 1), state="CA")
        assert too_large.status_code == 413
        assert too_large.headers["content-type"] == "application/problem+json"


async def test_the_worker_runs_a_queued_job_to_success(real_database: Database) -> None:
    async with real_database.sessionmaker() as session:
        job = await service.create_job(
            session,
            EVERYTHING,
            "user:test",
            service.JobRequest("oneroster", False, False, False, None, {"state": "CA"}),
            service.Upload("district.zip", district_zip()),
        )
        await session.commit()
        job_id = job.id
    worker = ImportWorker(real_database, name="test-worker")
    assert await worker.run_once() is True
    assert await worker.run_once() is False  # nothing else waits
    async with real_database.sessionmaker() as session:
        done = await session.get(ImportJob, job_id)
        assert done is not None
        assert done.status == "succeeded", done.reason
        assert done.counts["created"] == 13
        assert done.rows_done == done.rows_total
        assert done.rows_total is not None
        assert done.rows_total > 0
        assert done.started_at is not None
        assert done.finished_at is not None
        assert await session.scalar(select(func.count()).select_from(School)) == 2
