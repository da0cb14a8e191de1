"""What a spreadsheet import did, or with a dry run would do: the shared import report,
with the records it names."""

from dataclasses import dataclass, field

from api.core.import_report import Action, ImportReport


@dataclass(frozen=True)
class DiffEntry:
    action: Action
    resource: str
    keys: dict[str, str]


@dataclass
class SpreadsheetReport(ImportReport):
    # Lines it wrote without placing their site at a school are its `notes`.
    diff: list[DiffEntry] = field(default_factory=list)
