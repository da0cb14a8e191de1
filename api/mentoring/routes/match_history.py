"""A programme's match history in (a CSV export of another system) and its match-level
figures out."""

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.auth.deps import CallerScope, WriteScope
from api.core.errors import Unprocessable
from api.core.params import Atomic
from api.core.responses import FastJSONResponse
from api.core.schemas import QueryDate
from api.core.transactions import Session, TransactionalRoute
from api.mentoring.schemas.match_history import MatchHistoryMetrics, MatchImportResult
from api.mentoring.service import match_history as metrics
from api.mentoring.service.match_history_rows import ColumnMap
from api.mentoring.service.match_import import ImportOutcome, import_matches, writable_program

router = APIRouter(route_class=TransactionalRoute)

CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The export as UTF-8 CSV with a header line. Only the mapped columns "
        "are read; any others (free text included) are ignored and never stored.",
        "content": {"text/csv": {"schema": {"type": "string", "maxLength": 16 * 1024 * 1024}}},
    }
}
RESPONSES_IMPORT: dict[int | str, dict[str, Any]] = {
    403: {"description": "Your role or scope may read the programme but not import into it."},
    404: {"description": "No such programme in your scope."},
    409: {"description": "A match or participant was written by another request meanwhile."},
}


MEANINGS = {
    "match_id": "the source's match id",
    "mentor": "the mentor's id in the source",
    "mentee": "the mentee's id in the source",
    "stage": "the stage (Active, Pending Closure, Closed)",
    "program": "the source's programme name (optional)",
    "activation": "the activation date",
    "closure": "the closure date (optional)",
    "closure_reason": "the closure reason (optional)",
    "length": "the match length in months (optional)",
}


def _column(field: str) -> Any:
    default = getattr(ColumnMap, field)
    return Query(
        min_length=1,
        max_length=200,
        description=f"The header of the column holding {MEANINGS[field]}; default `{default}`.",
    )


async def column_map(
    match_id_column: Annotated[str, _column("match_id")] = ColumnMap.match_id,
    mentor_column: Annotated[str, _column("mentor")] = ColumnMap.mentor,
    mentee_column: Annotated[str, _column("mentee")] = ColumnMap.mentee,
    stage_column: Annotated[str, _column("stage")] = ColumnMap.stage,
    program_column: Annotated[str, _column("program")] = ColumnMap.program,
    activation_column: Annotated[str, _column("activation")] = ColumnMap.activation,
    closure_column: Annotated[str, _column("closure")] = ColumnMap.closure,
    closure_reason_column: Annotated[str, _column("closure_reason")] = ColumnMap.closure_reason,
    length_column: Annotated[str, _column("length")] = ColumnMap.length,
) -> ColumnMap:
    return ColumnMap(
        match_id=match_id_column,
        mentor=mentor_column,
        mentee=mentee_column,
        stage=stage_column,
        program=program_column,
        activation=activation_column,
        closure=closure_column,
        closure_reason=closure_reason_column,
        length=length_column,
    )


Columns = Annotated[ColumnMap, Depends(column_map)]


@router.post(
    "/mentoring/programs/{program_id:uuid}/matches/import",
    response_model=MatchImportResult,
    responses=RESPONSES_IMPORT,
    openapi_extra=CSV_BODY,
)
async def import_program_matches(
    request: Request,
    session: Session,
    scope: WriteScope,
    program_id: uuid.UUID,
    columns: Columns,
    atomic: Atomic = True,
) -> Response:
    """Import a match history (e.g. a Big Brothers Big Sisters export) into the programme.

    Mentors and mentees are created by the file's ids (with no person); matches are
    keyed by the file's match id, so importing the same file again changes nothing.
    `Active` and `Pending Closure` become `active`; `Closed` becomes `ended_early`
    when the closure reason says the match was cut short, and `completed` when it is
    "Successful match closure" or "Child: Graduated" or no reason is given (the
    lifecycle asks a reason of every early end). Dates after today are refused. With `atomic=true` (the default) one bad line refuses the file: a
    422 lists every bad line by number and column, and nothing is written.
    """
    program = await writable_program(session, scope, program_id)
    text = _csv_text(await request.body())
    outcome = await import_matches(session, program, text, columns, atomic=atomic)
    return FastJSONResponse(_result(outcome))


def _csv_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Unprocessable(
            "The body is not UTF-8 text.",
            errors=[{"loc": ["body"], "msg": "not UTF-8", "type": "encoding"}],
        ) from None


def _result(outcome: ImportOutcome) -> dict[str, Any]:
    def issues(found: list[Any]) -> list[dict[str, Any]]:
        return [{"line": i.line, "column": i.column, "message": i.message} for i in found]

    return {
        "atomic": outcome.atomic,
        "lines": outcome.lines,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "failed": outcome.failed,
        "participants_created": outcome.participants_created,
        "errors": issues(outcome.errors),
        "warnings": issues(outcome.warnings),
    }


async def history_filters(
    program_id: Annotated[
        list[uuid.UUID] | None, Query(description="Programme; repeat for any of.")
    ] = None,
    source_program: Annotated[
        list[Annotated[str, Query(max_length=120)]] | None,
        Query(description="The source system's programme name; repeat for any of."),
    ] = None,
) -> metrics.HistoryFilters:
    return metrics.HistoryFilters(program_id=program_id, source_program=source_program)


Filters = Annotated[metrics.HistoryFilters, Depends(history_filters)]


@router.get("/metrics/mentoring/matches", response_model=MatchHistoryMetrics)
async def get_match_history_metrics(
    session: Session,
    scope: CallerScope,
    filters: Filters,
    as_of: Annotated[
        QueryDate | None, Query(description="Open matches' lengths run to this day; default today.")
    ] = None,
) -> Response:
    """Match-level figures over the matches in your scope: counts by status, by the
    source system's stage and programme, closure reasons of ended matches, the
    quartiles of match length in months and the share of matches reaching 12 months
    (each with its n, withheld below 5; the response states the methods)."""
    body = await metrics.match_history(session, scope, filters, as_of or dt.date.today())
    return FastJSONResponse(MatchHistoryMetrics.model_validate(body).model_dump(mode="json"))
