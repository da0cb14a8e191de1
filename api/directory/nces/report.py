"""What an NCES import did (or, in a dry run, would do): the shared import report of
each file, and the files refused."""

from dataclasses import dataclass, field
from pathlib import Path

from api.core.import_report import ImportReport, LineIssue


@dataclass(frozen=True)
class Refusal:
    """A file that is missing or not an NCES directory file; the run writes nothing."""

    path: Path
    reason: str


@dataclass(kw_only=True)
class FileReport(ImportReport):
    path: Path
    layout: str
    # Districts made from school rows because no district file had them.
    districts_created: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.districts_created

    def issue(self, line: int, message: str) -> None:
        self.errors.append(LineIssue(line, message, self.path.name))


@dataclass
class NcesReport:
    dry_run: bool
    files: list[FileReport] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def errors(self) -> list[LineIssue]:
        return [issue for file in self.files for issue in file.errors]

    @property
    def changed(self) -> int:
        return sum(file.changed for file in self.files)

    def total(self) -> ImportReport:
        """The files' reports folded into one; districts made from school rows count as
        created."""
        folded = ImportReport(dry_run=self.dry_run)
        for file in self.files:
            folded.add(file)
            folded.created += file.districts_created
        return folded
