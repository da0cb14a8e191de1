"""What an importer did with a file, in the one shape every importer returns: counts of
the records it created, updated and left unchanged, the lines it refused, and the lines
it wrote that still want someone's attention."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["create", "update", "unchanged"]


@dataclass(frozen=True)
class LineIssue:
    """A line of a file, and what is wrong with it."""

    line: int | None  # 1-based, the header being line 1; None for the whole file
    message: str
    file: str | None = None  # the file, or the member of a zip, the line is in
    row: Mapping[str, str] | None = None  # its cells by column, when the importer kept them

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "file": self.file, "message": self.message}

    def position(self) -> tuple[str, int]:
        """Where it is, to list issues in the order of the file (a whole file's first)."""
        return (self.file or "", self.line or 0)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineIssue] = field(default_factory=list)
    # Lines written that still want someone's attention (a site placed at no school, a
    # warning); never counted as failed.
    notes: list[LineIssue] = field(default_factory=list)
    dry_run: bool = False
    # The importer's own fuller account, in its own shape, for an answer that shows it
    # (a OneRoster import's counts by kind of record).
    details: object | None = None

    @property
    def failed(self) -> int:
        """Lines refused (a line refused for several reasons counts once)."""
        return len({(error.file, error.line) for error in self.errors if error.line is not None})

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def count(self, action: Action) -> None:
        if action == "create":
            self.created += 1
        elif action == "update":
            self.updated += 1
        else:
            self.unchanged += 1

    def fail(
        self, line: int, message: str, row: Mapping[str, str] | None = None, file: str | None = None
    ) -> None:
        self.errors.append(LineIssue(line, message, file, row))

    def add(self, other: "ImportReport") -> None:
        """Fold another report (a file of the same run, a stage) into this one."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.errors += other.errors
        self.notes += other.notes
