"""Running a job: its kind's importer inside a savepoint of the caller's transaction,
then what the event log says it changed, the shrink guard, the edits kept, and the
savepoint kept (a real run) or rolled back (a dry run, a refusal, a failure).

The caller commits: the request for a small file, the worker for a large one; the
job's row is written in the same transaction as the import, so a job never claims
to have written what was rolled back.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

from api.core.db import utcnow
from api.core.errors import Problem
from api.core.events import ACTOR, discard_events, flush_events, set_actor
from api.core.import_report import ImportReport, LineIssue
from api.core.scope import EVERYTHING, Scope
from api.directory.nces.importer import IMPORT_LOCK_KEY
from api.directory.nces.upsert import DirectoryChanged
from api.integrations.imports.changes import (
    NCES_ACTOR,
    Change,
    Changes,
    diff_of,
    import_actor,
    newest_seq,
    read_changes,
)
from api.integrations.imports.edits import (
    EditedFields,
    Kept,
    Snapshot,
    edited_since_import,
    put_back,
    snapshot,
)
from api.integrations.imports.kinds import RunContext
from api.integrations.imports.models import ImportJob, JobStatus
from api.integrations.imports.outcome import problem_errors
from api.integrations.imports.registry import KINDS
from api.integrations.imports.shrink import worst_shrink

ERRORS_CAP = 1000


def job_scope(job: ImportJob) -> Scope:
    """Whom the import acts for: one district, or (an administrator's job) everything."""
    if job.district_id is None:
        return EVERYTHING
    return Scope(district_ids=frozenset({job.district_id}))


@dataclass
class Tracker:
    """Rows done and in all, as the import goes: kept off the job's row, which must not
    change inside the import's savepoint (a rollback would expire it)."""

    done: int = 0
    total: int | None = None

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@dataclass
class _Attempt:
    savepoint: AsyncSessionTransaction
    outcome: ImportReport
    changes: Changes
    kept: dict[uuid.UUID, Kept]
    # The kept records as the diff names them, with the fields kept.
    kept_changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class JobRun:
    """What a run leaves beside the job's row, for a caller answering at once: the
    importer's report (None when the job failed), the refusal it failed with, and by
    kind of record how many records were put back whole as edited."""

    outcome: ImportReport | None = None
    problem: Problem | None = None
    kept_whole: Counter[str] = field(default_factory=Counter)


class _Failed(Exception):
    def __init__(
        self, reason: str, errors: list[LineIssue], problem: Problem | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.errors = errors
        self.problem = problem


async def run_job(
    session: AsyncSession, job: ImportJob, data: bytes, tracker: Tracker | None = None
) -> JobRun:
    """Run the job in the session's transaction and record what came of it on the job."""
    tracker = tracker or Tracker()
    job.status = JobStatus.running.value
    job.started_at = job.started_at or utcnow()
    await session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # One import at a time, so the events after `start` are this job's alone.
        await session.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK_KEY)))
    start = await newest_seq(session)
    try:
        attempt = await _attempt(session, job, data, start, {}, {}, tracker)
        touched = attempt.changes.updated_ids()
        if touched and not job.overwrite_edited:
            changed = attempt.changes.updated + attempt.changes.deactivated
            edited = _clashing(changed, await edited_since_import(session, touched, start))
            if edited:
                await _roll_back(session, attempt.savepoint)
                resources = {c.resource_id: c.resource for c in changed if c.resource_id in edited}
                taken = await snapshot(session, resources)
                attempt = await _attempt(session, job, data, start, taken, edited, tracker)
                named = {c.resource_id: c for c in changed if c.resource_id in attempt.kept}
                attempt.kept_changes = [
                    replace(c, fields=attempt.kept[record_id].fields)
                    for record_id, c in named.items()
                ]
    except _Failed as failed:
        _record_failure(job, failed.reason, failed.errors)
        run = JobRun(problem=failed.problem)
    else:
        shrink = None
        if not job.allow_shrink:
            shrink = await worst_shrink(session, attempt.changes.deactivated)
        if shrink is not None or job.dry_run:
            await _roll_back(session, attempt.savepoint)
        else:
            await attempt.savepoint.commit()
        _record(job, attempt)
        if shrink is not None:
            job.status, job.reason = JobStatus.refused.value, shrink.reason()
        else:
            job.status = (JobStatus.dry_run_ready if job.dry_run else JobStatus.succeeded).value
        whole = Counter(
            c.resource for c in attempt.kept_changes if attempt.kept[c.resource_id].whole
        )
        run = JobRun(attempt.outcome, kept_whole=whole)
    job.rows_done, job.rows_total = tracker.done, tracker.total
    job.finished_at = utcnow()
    await session.flush()
    return run


async def _attempt(
    session: AsyncSession,
    job: ImportJob,
    data: bytes,
    start: int,
    taken: Snapshot,
    edited: EditedFields,
    tracker: Tracker,
) -> _Attempt:
    kind = KINDS[job.kind]
    savepoint = await session.begin_nested()
    acting_for = session.info.get(ACTOR)
    actor = import_actor(job.kind, job.id)
    set_actor(session, actor)
    try:
        outcome = await kind.run(
            RunContext(
                session,
                job_scope(job),
                data,
                job.file_name,
                dict(job.options),
                tracker,
                job.district_id,
            )
        )
        kept = await put_back(session, taken, edited, start) if taken else {}
        await flush_events(session)
        changes = await read_changes(session, start, [actor, NCES_ACTOR])
    except Problem as problem:
        await _roll_back(session, savepoint)
        reason = problem.detail or problem.title
        raise _Failed(reason, problem_errors(problem.errors), problem) from None
    except (SQLAlchemyError, DirectoryChanged) as error:
        await _roll_back(session, savepoint)
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise _Failed(
            f"The database refused the import, nothing was written: {reason}", []
        ) from None
    finally:
        if acting_for is not None:
            set_actor(session, acting_for)
    outcome.updated = max(outcome.updated - sum(found.whole for found in kept.values()), 0)
    return _Attempt(savepoint, outcome, changes, kept)


async def _roll_back(session: AsyncSession, savepoint: AsyncSessionTransaction) -> None:
    discard_events(session)
    if savepoint.is_active:
        await savepoint.rollback()


def _clashing(changed: list[Change], edited: EditedFields) -> EditedFields:
    """The edited fields the import changes, by record; records with none left out."""
    found: EditedFields = {}
    for change in changed:
        if change.resource_id in edited:
            clash = edited[change.resource_id] & set(change.fields)
            found.setdefault(change.resource_id, set()).update(clash)
    return {record_id: fields for record_id, fields in found.items() if fields}


def _record(job: ImportJob, attempt: _Attempt) -> None:
    outcome, changes = attempt.outcome, attempt.changes
    deactivated = len(changes.deactivated)
    job.counts = {
        "created": outcome.created,
        "updated": max(outcome.updated - deactivated, 0),
        "unchanged": outcome.unchanged,
        "would_deactivate": deactivated if job.dry_run else 0,
        "deactivated": 0 if job.dry_run else deactivated,
        "kept_edited": len(attempt.kept_changes),
        "failed": outcome.failed,
    }
    job.diff = diff_of(changes, job.dry_run, attempt.kept_changes)
    listed = [*outcome.errors, *outcome.notes]
    job.error_count = len(listed)
    job.errors = [error.as_json() for error in listed[:ERRORS_CAP]]


def _record_failure(job: ImportJob, reason: str, errors: list[LineIssue]) -> None:
    job.status = JobStatus.failed.value
    job.reason = reason[:2000]
    job.error_count = len(errors)
    job.errors = [error.as_json() for error in errors[:ERRORS_CAP]]
    job.counts = {"failed": len({(e.file, e.line) for e in errors if e.line is not None})}
