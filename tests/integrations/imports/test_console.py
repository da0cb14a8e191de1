"""A job's outcome as `trellis import ...` prints it, and its exit code."""

import io
from typing import Any

import pytest
from rich.console import Console

from api.integrations.imports.console import job_exit_code, print_counts, print_job


def consoles() -> tuple[Console, io.StringIO, Console, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    made = (Console(file=f, width=200, markup=False, highlight=False) for f in (out, err))
    return next(made), out, next(made), err


def job(status: str, **fields: Any) -> dict[str, Any]:
    counts = {"created": 2, "updated": 1, "unchanged": 0, "would_deactivate": 0}
    counts |= {"deactivated": 3, "kept_edited": 1, "failed": 0}
    return {
        "id": "j-1",
        "kind": "oneroster",
        "status": status,
        "dry_run": False,
        "file_name": "roster.zip",
        "counts": counts,
        "diff": [],
        "errors": [],
        "error_count": 0,
        "reason": None,
    } | fields


@pytest.mark.parametrize(
    ("status", "failed", "code"),
    [
        ("succeeded", 0, 0),
        ("dry_run_ready", 0, 0),
        ("succeeded", 2, 1),
        ("refused", 0, 2),
        ("failed", 1, 2),
    ],
)
def test_the_exit_code_says_how_the_job_went(status: str, failed: int, code: int) -> None:
    finished = job(status)
    finished["counts"]["failed"] = failed
    assert job_exit_code(finished) == code


def test_counts_are_printed_in_order_with_what_would_be_in_a_dry_run() -> None:
    out, text, _, _ = consoles()
    print_counts(out, "a.csv", {"failed": 1, "unchanged": 4, "created": 2, "updated": 0}, True)
    assert text.getvalue() == "a.csv: lines would be 2 created, 0 updated, 4 unchanged; 1 failed.\n"


def test_a_refused_job_says_what_it_would_have_done_and_why() -> None:
    out, text, err, errors = consoles()
    diff = [{"action": "deactivate", "resource": "schools"}] * 3
    print_job(out, err, job("refused", reason="Too many.", diff=diff))
    assert "records would be 2 created, 1 updated, 0 unchanged, 3 deactivated, 1 kept" in (
        text.getvalue()
    )
    assert "schools" in text.getvalue()
    assert "Refused: Too many." in errors.getvalue()
    assert "--allow-shrink" in errors.getvalue()


def test_a_failed_job_lists_its_lines_once_and_its_reason() -> None:
    out, text, err, errors = consoles()
    lines = [
        {"line": None, "file": None, "message": "2 rows are wrong."},
        {"line": 4, "file": "users.csv", "message": "no name"},
        {"line": None, "file": "roles.csv", "message": "empty"},
    ]
    print_job(out, err, job("failed", reason="2 rows are wrong.", errors=lines, error_count=3))
    assert "records" not in text.getvalue()
    assert errors.getvalue().splitlines() == [
        "2 line(s) refused:",
        "  users.csv:4: no name",
        "  roles.csv: empty",
        "Failed: 2 rows are wrong.",
    ]
