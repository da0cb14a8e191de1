"""What an NCES import did (or, in a dry run, would do), file by file."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RowIssue:
    file: Path
    line: int  # 1-based, counting the header as line 1
    message: str


@dataclass(frozen=True)
class Refusal:
    """A file that is missing or not an NCES directory file; the run writes nothing."""

    path: Path
    reason: str


@dataclass
class FileReport:
    path: Path
    layout: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Districts made from school rows because no district file had them.
    districts_created: int = 0
    errors: list[RowIssue] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.districts_created


@dataclass
class ImportReport:
    dry_run: bool
    files: list[FileReport] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def errors(self) -> list[RowIssue]:
        return [issue for file in self.files for issue in file.errors]

    @property
    def changed(self) -> int:
        return sum(file.changed for file in self.files)
