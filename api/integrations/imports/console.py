"""An import's outcome on the terminal, the same for every `trellis import ...` that
reports counts: a job's (as `GET /imports/{id}` shows it) or a spreadsheet report's."""

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from api.core.import_console import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_ROWS_FAILED,
    print_lines,
)
from api.core.import_report import LineIssue
from api.integrations.imports.changes import DIFF_CAP
from api.integrations.imports.models import JobStatus

# The counts an outcome may have, in the order printed, with their words.
LABELS = {
    "created": "created",
    "updated": "updated",
    "unchanged": "unchanged",
    "deactivated": "deactivated",
    "kept_edited": "kept as edited",
}
DIFF_ACTIONS = ("create", "update", "would_deactivate", "deactivate", "kept_edited")
ENDED = frozenset({JobStatus.failed.value, JobStatus.refused.value})


def print_counts(
    out: Console, name: str, counts: Mapping[str, int], dry_run: bool, unit: str = "lines"
) -> None:
    """One line: `name: lines were 3 created, ...; 1 failed.` ("would be" in a dry run);
    the counts present, in a fixed order."""
    verb = "would be" if dry_run else "were"
    shown = ", ".join(f"{counts[key]:,} {label}" for key, label in LABELS.items() if key in counts)
    out.print(f"{name}: {unit} {verb} {shown}; {counts.get('failed', 0):,} failed.")


def print_outcome(
    out: Console,
    name: str,
    counts: Mapping[str, int],
    issues: tuple[Sequence[LineIssue], Sequence[LineIssue]],
    noted: str,
    dry_run: bool,
) -> None:
    """The counts, the refused lines, and the lines written that are `noted`."""
    errors, notes = issues
    print_counts(out, name, counts, dry_run)
    print_lines(out, errors, "not imported")
    print_lines(out, notes, noted)
    if dry_run:
        out.print("Dry run: nothing was written.")


def _job_counts(counts: Mapping[str, int], dry_run: bool) -> dict[str, int]:
    shown = {key: counts.get(key, 0) for key in ("created", "updated", "unchanged", "failed")}
    shown["deactivated"] = counts.get("would_deactivate" if dry_run else "deactivated", 0)
    shown["kept_edited"] = counts.get("kept_edited", 0)
    return shown


def _diff_table(diff: Sequence[Mapping[str, Any]]) -> Table | None:
    """What the diff names, by kind of record and action; None when it names nothing."""
    found = Counter((entry["resource"], entry["action"]) for entry in diff)
    if not found:
        return None
    actions = [action for action in DIFF_ACTIONS if any(a == action for _, a in found)]
    table = Table("records", *actions)
    for resource in sorted({resource for resource, _ in found}):
        table.add_row(resource, *(f"{found[resource, action]:,}" for action in actions))
    return table


def print_job(out: Console, err: Console, job: Mapping[str, Any]) -> None:
    """A finished job, as `service.read_fields` gives it: what happened to the file, its
    counts and diff by kind of record, its refused lines, and why it was refused or failed."""
    status, reason = job["status"], job["reason"]
    # A refused job did nothing of what its counts say.
    would = bool(job["dry_run"]) or status == JobStatus.refused.value
    out.print(f"Import job {job['id']} ({job['kind']}): {status}.")
    if status != JobStatus.failed.value:
        counts = _job_counts(job["counts"], bool(job["dry_run"]))
        print_counts(out, job["file_name"], counts, would, "records")
        _print_diff(out, job["diff"])
    issues = [
        LineIssue(e.get("line"), e.get("message", ""), e.get("file"))
        for e in job["errors"]
        if e.get("line") is not None or e.get("message") != reason
    ]
    more = f" ({job['error_count']:,} in all)" if job["error_count"] > len(job["errors"]) else ""
    heading = "refused" if status in ENDED else "refused or noted"
    print_lines(err if status in ENDED else out, issues, heading, more=more)
    if status == JobStatus.refused.value:
        err.print(f"Refused: {reason}")
        err.print("Run it again with --allow-shrink if the district really shrinks.")
    elif status == JobStatus.failed.value:
        err.print(f"Failed: {reason}")
    elif job["dry_run"]:
        out.print("Dry run: nothing was written.")


def _print_diff(out: Console, diff: Sequence[Mapping[str, Any]]) -> None:
    table = _diff_table(diff)
    if table is None:
        return
    out.print(table)
    if len(diff) >= DIFF_CAP:
        out.print(f"(The table counts the diff's first {DIFF_CAP:,} records; the line above all.)")


def job_exit_code(job: Mapping[str, Any]) -> int:
    if job["status"] in ENDED:
        return EXIT_REFUSED
    return EXIT_ROWS_FAILED if job["counts"].get("failed") else EXIT_OK
