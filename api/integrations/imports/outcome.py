"""A refusal's errors as lines of the file, for a job's report."""

from typing import Any

from api.core.import_report import LineIssue


def problem_errors(errors: list[dict[str, Any]] | None) -> list[LineIssue]:
    """A refusal's `errors` as line issues: the first number of each `loc` is its line,
    a `.csv` name its file."""
    found = []
    for error in errors or []:
        loc = error.get("loc") or []
        line = next((part for part in loc if isinstance(part, int)), None)
        file = next((p for p in loc if isinstance(p, str) and p.endswith(".csv")), None)
        fields = [p for p in loc if isinstance(p, str) and p not in ("body", "line") and p != file]
        message = str(error.get("msg", ""))
        if fields and line is not None:
            message = f"{fields[-1]}: {message}"
        found.append(LineIssue(line, message, file))
    return found
