"""An error no handler expects is still answered as every other error is: a 500
problem+json with the request id and security headers, logged under that request id."""

import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError

from api.core.logs import RequestIdFilter


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def error_log() -> Iterator[Kept]:
    kept = Kept()
    logger = logging.getLogger("trellis.errors")
    logger.addHandler(kept)
    try:
        yield kept
    finally:
        logger.removeHandler(kept)


def fail_with(app: FastAPI, path: str, error: Exception) -> None:
    async def failing() -> None:
        raise error

    app.add_api_route(path, failing)


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("a bug"),
        # A database error that is no outage (the outage handler passes it on).
        DBAPIError("SELECT 1", None, Exception("division by zero")),
    ],
    ids=["bug", "database"],
)
async def test_an_unexpected_error_is_a_500_problem_with_request_id_and_headers(
    app: FastAPI, anonymous_client: httpx.AsyncClient, error_log: Kept, error: Exception
) -> None:
    fail_with(app, "/failing", error)
    answer = await anonymous_client.get("/failing", headers={"X-Request-ID": "trace-500"})

    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == "Something went wrong on our side; it was logged."
    assert answer.headers["x-request-id"] == "trace-500"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    [logged] = error_log.records
    assert logged.request_id == "trace-500"  # type: ignore[attr-defined]
    assert logged.exc_info is not None
    assert logged.exc_info[1] is error
