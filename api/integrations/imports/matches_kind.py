"""A programme's match history (e.g. the BBBS export), through the mentoring area's
match import."""

import uuid

from pydantic import Field

from api.core.import_report import ImportReport, LineIssue
from api.integrations.imports.column_maps import mapped
from api.integrations.imports.kinds import ImportKind, KindOptions, RunContext
from api.integrations.imports.measurements_kind import text_of
from api.mentoring.service.match_history_rows import ColumnMap
from api.mentoring.service.match_import import import_matches, writable_program

MAP_HELP = (
    "field=Column pairs: match_id, mentor, mentee, stage, program, activation, closure, "
    "closure_reason, length (defaults: the BBBS column names)."
)


class MatchOptions(KindOptions):
    program_id: uuid.UUID = Field(description="The programme the matches belong to.")
    map: list[str] = Field(default_factory=list, description=MAP_HELP)
    atomic: bool = True


async def run_matches(ctx: RunContext) -> ImportReport:
    options = MatchOptions.model_validate(ctx.options)
    columns = mapped(ColumnMap(), options.map)
    program = await writable_program(ctx.session, ctx.scope, options.program_id)
    text = text_of(ctx.data)
    total = max(text.count("\n"), 1)

    def advance(stage: str, done: int, lines: int) -> None:
        ctx.progress(done if stage == "written" else 0, lines)

    outcome = await import_matches(
        ctx.session, program, text, columns, atomic=options.atomic, progress=advance
    )
    ctx.progress(total, total)
    return ImportReport(
        created=outcome.created + outcome.participants_created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        errors=[LineIssue(issue.line, issue.text()) for issue in outcome.errors],
        notes=[LineIssue(issue.line, issue.text()) for issue in outcome.warnings],
    )


MATCHES = ImportKind(
    "matches",
    "A programme's match history as CSV (e.g. the BBBS export); needs program_id.",
    MatchOptions,
    run_matches,
)
