"""What an import did, and the problem it answers with when a row is wrong."""

import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from api.core.errors import Unprocessable
from api.core.import_report import ImportReport
from api.core.schemas import BulkResult


class Counts(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, result: BulkResult) -> None:
        self.created += result.created
        self.updated += result.updated
        self.unchanged += result.unchanged


class Skipped(BaseModel):
    learners: int = Field(0, description="Students, guardians, parents, relatives: never stored.")
    learner_roles: int = Field(0, description="Their roles (1.2 roles.csv rows).")
    users_without_roles: int = Field(
        0, description="Users with no role in the file who are not in the directory yet."
    )
    orgs: int = Field(
        0,
        description="Orgs of other types (department, local, state, national); "
        "their staff's roles are placed at the nearest school or district above them.",
    )
    deleted_districts: int = Field(
        0, description="District orgs marked tobedeleted: districts are kept as they are."
    )


class ImportSummary(BaseModel):
    oneroster_version: str = Field(examples=["1.2"])
    modes: dict[str, str] = Field(description="Each file's mode from the manifest.")
    districts: Counts = Field(default_factory=Counts)
    schools: Counts = Field(default_factory=Counts)
    people: Counts = Field(default_factory=Counts)
    role_assignments: Counts = Field(default_factory=Counts)
    skipped: Skipped = Field(default_factory=Skipped)
    job_id: uuid.UUID | None = Field(
        None, description="The import job that ran it, as `GET /imports/{id}` shows it."
    )
    status: str | None = Field(
        None,
        description="The job's status: `succeeded`, or `dry_run_ready` after a dry run "
        "(nothing written; the counts say what it would do).",
        examples=["succeeded"],
    )
    deactivated: int = Field(
        0,
        description="Schools closed, people made inactive and role assignments ended: "
        "`tobedeleted` rows and what a bulk file leaves out (a dry run's would be).",
    )
    kept_edited: int = Field(
        0,
        description="Records with fields edited in Trellis since an import last wrote "
        "them: those fields were left as edited (`overwrite_edited=true` overwrites them).",
    )

    def stages(self) -> dict[str, Counts]:
        return {
            "districts": self.districts,
            "schools": self.schools,
            "people": self.people,
            "role_assignments": self.role_assignments,
        }

    def total(self) -> ImportReport:
        """Every kind of record's counts together (a wrong line refuses the import, so
        there are no line errors to carry)."""
        report = ImportReport()
        for counts in self.stages().values():
            report.created += counts.created
            report.updated += counts.updated
            report.unchanged += counts.unchanged
        return report


@dataclass(frozen=True)
class Issue:
    file: str
    line: int
    message: str

    def as_error(self) -> dict[str, Any]:
        return {"loc": [self.file, self.line], "msg": self.message, "type": "oneroster"}

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.message}"


def rejected(issues: list[Issue]) -> Unprocessable:
    ordered = sorted(set(issues), key=lambda issue: (issue.file, issue.line, issue.message))
    return Unprocessable(
        f"{len(ordered)} row(s) of the OneRoster files are wrong; nothing was imported.",
        errors=[issue.as_error() for issue in ordered],
    )
