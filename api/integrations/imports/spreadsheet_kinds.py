"""People and partners spreadsheets with a column mapping, through
`api.integrations.spreadsheets`."""

from collections.abc import Callable
from typing import Any

from pydantic import Field, field_validator

from api.core.errors import Unprocessable
from api.core.import_report import ImportReport, LineIssue
from api.integrations.imports.kinds import ImportKind, KindOptions, RunContext
from api.integrations.spreadsheets import (
    SpreadsheetReport,
    import_partners,
    import_people,
    partners_mapping,
    people_mapping,
)

MAPPING_HELP = (
    "A ready-made mapping by name ({names}) or a JSON object mapping Trellis fields to the "
    "file's columns."
)


def checked(parse: Callable[[str], Any], mapping: str) -> str:
    """The mapping as given, once it parses, so a job is never made with a bad one."""
    try:
        parse(mapping)
    except Unprocessable as problem:
        raise ValueError(problem.detail or problem.title) from None
    return mapping


class PeopleOptions(KindOptions):
    mapping: str = Field(
        min_length=1, description=MAPPING_HELP.format(names="tx-principals, tx-superintendents")
    )

    @field_validator("mapping")
    @classmethod
    def parses(cls, mapping: str) -> str:
        return checked(people_mapping, mapping)


class PartnersOptions(KindOptions):
    mapping: str = Field(min_length=1, description=MAPPING_HELP.format(names="nyc-after-school"))

    @field_validator("mapping")
    @classmethod
    def parses(cls, mapping: str) -> str:
        return checked(partners_mapping, mapping)


def outcome_of(report: SpreadsheetReport) -> ImportReport:
    # A site that could not be placed is written without its school: the line is not
    # refused, but it is listed with the failed ones so someone places it.
    notes = [LineIssue(note.line, f"not placed: {note.message}") for note in report.notes]
    return ImportReport(
        report.created, report.updated, report.unchanged, report.errors, notes, report.dry_run
    )


async def run_people(ctx: RunContext) -> ImportReport:
    options = PeopleOptions.model_validate(ctx.options)
    mapping = people_mapping(options.mapping)
    report = await import_people(ctx.session, ctx.scope, ctx.data, mapping, dry_run=False)
    return outcome_of(report)


async def run_partners(ctx: RunContext) -> ImportReport:
    options = PartnersOptions.model_validate(ctx.options)
    mapping = partners_mapping(options.mapping)
    report = await import_partners(ctx.session, ctx.scope, ctx.data, mapping, dry_run=False)
    return outcome_of(report)


PEOPLE = ImportKind(
    "people",
    "People placed at the school or district each line names (CSV with a column mapping).",
    PeopleOptions,
    run_people,
)
PARTNERS = ImportKind(
    "partners",
    "Partner organisations and their programmes, sites looked up as schools (CSV with a "
    "column mapping).",
    PartnersOptions,
    run_partners,
)
