"""NCES school-directory CSV files (Public School Search exports, CCD flat files),
through `api.directory.nces`. A school the file marks closed is closed, and counted
as deactivated."""

import tempfile
from dataclasses import replace
from pathlib import Path

from api.core.db import make_sessionmaker
from api.core.errors import Unprocessable
from api.core.import_report import ImportReport
from api.directory.nces.importer import import_nces
from api.integrations.imports.kinds import ImportKind, KindOptions, RunContext

SAFE_NAME = "upload.csv"


class NcesOptions(KindOptions):
    pass


async def run_nces(ctx: RunContext) -> ImportReport:
    await ctx.session.flush()
    # The importer commits its own session: bound to this transaction's connection, its
    # commit is a savepoint's release, so the job's transaction still decides.
    joined = make_sessionmaker(
        await ctx.session.connection(), join_transaction_mode="create_savepoint"
    )
    total = max(ctx.data.count(b"\n"), 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SAFE_NAME
        path.write_bytes(ctx.data)
        report = await import_nces(joined, [path], dry_run=False)
    if report.refused:
        reason = "; ".join(refusal.reason for refusal in report.refused)
        raise Unprocessable(
            f"Not an NCES school-directory file: {reason}.",
            errors=[{"loc": ["body", "file"], "msg": reason, "type": "nces"}],
        )
    ctx.progress(total, total)
    outcome = report.total()
    # One file was uploaded: its lines are the job's own, in no member of an archive.
    outcome.errors = [replace(error, file=None) for error in outcome.errors]
    return outcome


NCES = ImportKind(
    "nces",
    "An NCES school or district directory CSV (Public School Search export or CCD flat "
    "file); administrators only.",
    NcesOptions,
    run_nces,
    admin_only=True,
)
