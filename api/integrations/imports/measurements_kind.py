"""Goal readings from a CSV file, through the goals area's measurement import."""

from pydantic import Field

from api.core.errors import Unprocessable
from api.core.import_report import ImportReport, LineIssue
from api.goals.service.measurement_csv import ColumnMap
from api.goals.service.measurement_import import import_measurements
from api.integrations.imports.column_maps import mapped
from api.integrations.imports.kinds import ImportKind, KindOptions, RunContext

MAP_HELP = (
    "FIELD=COLUMN pairs: which column holds goal_id, goal_external_id, date, value, "
    "source or note (default: the field's own name, date in measured_on)."
)


class MeasurementOptions(KindOptions):
    map: list[str] = Field(default_factory=list, description=MAP_HELP)
    atomic: bool = True


def text_of(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unprocessable(
            "The file is not UTF-8 text.",
            errors=[{"loc": ["body", "file"], "msg": "not UTF-8 text", "type": "encoding"}],
        ) from None


async def run_measurements(ctx: RunContext) -> ImportReport:
    options = MeasurementOptions.model_validate(ctx.options)
    columns = mapped(ColumnMap(), options.map)
    text = text_of(ctx.data)
    total = max(text.count("\n"), 1)
    read = 0

    def advance(lines: int) -> None:
        nonlocal read
        read += lines
        ctx.progress(min(read, total), total)

    result = await import_measurements(
        ctx.session, ctx.scope, text, columns, atomic=options.atomic, progress=advance
    )
    ctx.progress(total, total)
    return ImportReport(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        errors=[LineIssue(e.line, f"{e.field}: {e.message}") for e in result.errors],
    )


MEASUREMENTS = ImportKind(
    "measurements",
    "Goal readings, one a line (CSV, UTF-8, with a header).",
    MeasurementOptions,
    run_measurements,
)
