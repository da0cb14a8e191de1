"""What a spreadsheet import did, or with a dry run would do."""

from dataclasses import dataclass, field
from typing import Literal

Action = Literal["create", "update", "unchanged"]


@dataclass(frozen=True)
class RowError:
    """A line of the file that was not imported (or not placed), and why."""

    line: int
    message: str
    row: dict[str, str]


@dataclass(frozen=True)
class DiffEntry:
    action: Action
    resource: str
    keys: dict[str, str]


@dataclass
class SpreadsheetReport:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)
    unplaced: list[RowError] = field(default_factory=list)
    diff: list[DiffEntry] = field(default_factory=list)

    def count(self, action: Action) -> None:
        if action == "create":
            self.created += 1
        elif action == "update":
            self.updated += 1
        else:
            self.unchanged += 1

    def fail(self, line: int, message: str, row: dict[str, str]) -> None:
        self.failed += 1
        self.errors.append(RowError(line, message, row))
