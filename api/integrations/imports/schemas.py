"""What the API says of an import job."""

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.core.schemas import RequestModel
from api.integrations.imports.models import JobStatus


class JobCounts(BaseModel):
    created: int = Field(0, description="Records created.")
    updated: int = Field(
        0,
        description="Records changed, deactivations aside; a record whose edited fields "
        "were kept counts when its other fields changed.",
    )
    unchanged: int = Field(0, description="Rows that matched a record already as the file has it.")
    would_deactivate: int = Field(
        0, description="A dry run's deactivations: closed schools, inactive people, ended roles."
    )
    deactivated: int = Field(
        0, description="Schools closed, people made inactive and role assignments ended."
    )
    kept_edited: int = Field(
        0,
        description="Records with fields edited in Trellis since an import last wrote "
        "them: those fields are left as edited, the others updated (send "
        "overwrite_edited=true to overwrite them too).",
    )
    failed: int = Field(0, description="Lines refused.")


class JobError(BaseModel):
    line: int | None = Field(description="Line of the file, the header being line 1.")
    file: str | None = Field(description="The zip member the line is in, for zips.")
    message: str


class DiffEntry(BaseModel):
    action: str = Field(
        description="`create`, `update`, `deactivate` (`would_deactivate` in a dry run) "
        "or `kept_edited`."
    )
    resource: str = Field(examples=["schools"])
    id: uuid.UUID
    keys: dict[str, object] | None = Field(
        description="The record's natural keys (NCES ids, sourcedId, SIS id...)."
    )
    fields: list[str] = Field(
        description="The fields the import changes; for `kept_edited`, the fields left as "
        "edited in Trellis."
    )


class JobProgress(BaseModel):
    rows_done: int
    rows_total: int | None


class ImportJobRead(BaseModel):
    id: uuid.UUID
    kind: str = Field(examples=["oneroster"])
    status: JobStatus
    dry_run: bool
    allow_shrink: bool
    overwrite_edited: bool
    options: dict[str, object] = Field(description="The kind's own options, as given.")
    district_id: uuid.UUID | None
    file_name: str
    file_size: int
    created_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    progress: JobProgress
    counts: JobCounts
    error_count: int = Field(description="Every refused line; `errors` lists the first 1,000.")
    errors: list[JobError]
    diff: list[DiffEntry] = Field(
        description="What the import changes (first 1,000 entries); unchanged rows are "
        "only counted."
    )
    reason: str | None = Field(description="Why the job failed or was refused.")
    version: int


class ImportForm(RequestModel):
    """The form fields of `POST /imports` beside its `file`."""

    kind: str = Field(description="What the file is; see the operation's description.")
    dry_run: bool = Field(False, description="Work out the diff and counts; write nothing.")
    allow_shrink: bool = Field(
        False, description="Import even when it deactivates more than 20 % of a district's records."
    )
    overwrite_edited: bool = Field(
        False,
        description="Overwrite fields edited in Trellis since an import last wrote them.",
    )
    district_id: uuid.UUID | None = Field(
        None,
        description="The district to import into; a district manager's own when omitted "
        "(required when they manage several). For `oneroster`, parentless schools go here.",
    )
    state: str | None = Field(
        None, description="`oneroster`: the two-letter state of districts the file adds."
    )
    program_id: uuid.UUID | None = Field(
        None, description="`matches`: the programme the matches belong to."
    )
    map: list[str] | None = Field(
        None,
        description="`measurements`, `matches`: field=Column pairs, the field repeated per pair.",
    )
    atomic: bool | None = Field(
        None, description="`measurements`, `matches`: one bad line refuses the file (default)."
    )
    mapping: str | None = Field(
        None,
        max_length=20_000,
        description="`people`, `partners`: a ready-made column mapping by name "
        "(`tx-principals`, `tx-superintendents`, `nyc-after-school`) or a JSON object of "
        "Trellis field -> column.",
    )

    def options(self) -> dict[str, object]:
        """The kind's own options, those given."""
        return self.model_dump(
            include={"state", "program_id", "map", "atomic", "mapping"},
            exclude_none=True,
            mode="json",
        )
