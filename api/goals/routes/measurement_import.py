from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.core.errors import Unprocessable, UnsupportedMediaType
from api.core.params import Atomic
from api.core.transactions import Session, TransactionalRoute
from api.goals.routes.measurement_params import RESPONSES_IMPORT, GoalSetterScope
from api.goals.schemas.measurements import MeasurementImportResult
from api.goals.service import measurement_import as service
from api.goals.service.measurement_csv import ColumnMap

router = APIRouter(prefix="/measurements", route_class=TransactionalRoute)
CSV = "text/csv"
Column = Annotated[str, Query(min_length=1, max_length=100)]
CSV_BODY = {
    "requestBody": {
        "required": True,
        "description": "The CSV file, UTF-8, its first line naming the columns.",
        "content": {
            CSV: {
                "schema": {"type": "string", "maxLength": 16 * 1024 * 1024},
                "example": "goal_id,measured_on,value,source,note\n"
                "0190c5e2-8a3b-7cde-9f01-23456789abcd,2026-01-15,72.5,state test,\n",
            }
        },
    }
}


async def _csv_text(request: Request) -> str:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != CSV:
        raise UnsupportedMediaType(f"Send the file as {CSV}; got '{media_type or 'nothing'}'.")
    try:
        return (await request.body()).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unprocessable(
            f"The file is not UTF-8 text (byte {exc.start}).",
            errors=[{"loc": ["body"], "msg": "not UTF-8", "type": "encoding"}],
        ) from None


@router.post(
    "/import",
    response_model=MeasurementImportResult,
    responses=RESPONSES_IMPORT,
    openapi_extra=CSV_BODY,
)
async def import_measurements(
    request: Request,
    session: Session,
    scope: GoalSetterScope,
    goal_id_column: Column = "goal_id",
    goal_external_id_column: Column = "goal_external_id",
    date_column: Column = "measured_on",
    value_column: Column = "value",
    source_column: Column = "source",
    note_column: Column = "note",
    atomic: Atomic = True,
) -> MeasurementImportResult:
    """Import readings from a CSV file sent as the body (`Content-Type: text/csv`).

    The query names the file's columns: each line names its goal by id
    (`goal_id_column`) or external id (`goal_external_id_column`), and carries a date
    (`YYYY-MM-DD`) and a value; source and note are optional columns. Every goal must
    be one you may change and not dropped.

    A line matching a stored reading by goal, date and source updates its value (and
    note, when the file has a note column) or is left alone, so importing the same file
    again creates nothing. With `atomic=true` (the default) one bad line refuses the
    whole file with a 422 whose `errors` list every bad line as
    `["body", "line", <line>, <column>]`, and nothing is written; with `atomic=false`
    the good lines are written and the bad ones listed in the answer. Each goal's latest
    reading follows in the same transaction.
    """
    columns = ColumnMap(
        goal_id=goal_id_column,
        goal_external_id=goal_external_id_column,
        date=date_column,
        value=value_column,
        source=source_column,
        note=note_column,
    )
    text = await _csv_text(request)
    return await service.import_measurements(session, scope, text, columns, atomic=atomic)
