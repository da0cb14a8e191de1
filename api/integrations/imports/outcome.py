"""What one importer run reports, in the one shape every kind of job shares."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowError:
    line: int | None  # 1-based, the header being line 1; None for the whole file
    message: str
    file: str | None = None  # the member of a zip the line is in

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "file": self.file, "message": self.message}


@dataclass
class KindOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Lines written that still want someone's attention (a site placed at no school);
    # listed after the errors, never counted as failed.
    notes: list[RowError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len({(error.file, error.line) for error in self.errors if error.line is not None})


def problem_errors(errors: list[dict[str, Any]] | None) -> list[RowError]:
    """A refusal's `errors` as row errors: the first number of each `loc` is its line,
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
        found.append(RowError(line, message, file))
    return found
