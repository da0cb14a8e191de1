"""Refuse the NUL character anywhere a request carries text.

PostgreSQL cannot store U+0000 in text and SQLite stores it silently, so the
same request would fail on one database and plant an invisible character on
the other. It is refused once, here, for every route: in the path, the query
string and the headers with 400, in a JSON or form body with 422.
"""

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.errors import problem_response

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# `\u0000` in JSON text, unless its backslash is itself escaped (`\\u0000` is the
# six characters `\u0000`); JSON has no backslash outside strings.
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
ENCODED_NUL = b"%00"
MESSAGE = "Text may not contain the NUL character (U+0000)."


def _media_type(scope: Scope) -> str:
    for key, value in scope["headers"]:
        if key == b"content-type":
            return str(value.decode("latin-1")).split(";")[0].strip().lower()
    return ""


def _nul_in_url_or_headers(scope: Scope) -> str | None:
    if "\x00" in scope["path"] or ENCODED_NUL in scope.get("raw_path", b""):
        return "path"
    query: bytes = scope["query_string"]
    if ENCODED_NUL in query or b"\x00" in query:
        return "query"
    for key, value in scope["headers"]:
        if b"\x00" in value:
            return f"header {key.decode('latin-1')}"
    return None


def _nul_in_body(media_type: str, body: bytes) -> bool:
    if media_type == "application/x-www-form-urlencoded":
        return ENCODED_NUL in body or b"\x00" in body
    return JSON_NUL.search(body) is not None


def _places(value: Any, loc: tuple[str | int, ...] = ("body",)) -> Iterator[list[str | int]]:
    if isinstance(value, str):
        if "\x00" in value:
            yield list(loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield [*loc, key]
            yield from _places(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*loc, index))


def _body_errors(media_type: str, body: bytes) -> list[dict[str, Any]]:
    places: list[list[str | int]] = [["body"]]
    if media_type != "application/x-www-form-urlencoded":
        with contextlib.suppress(orjson.JSONDecodeError):
            places = list(_places(orjson.loads(body)))[:20] or places
    return [{"loc": loc, "msg": MESSAGE, "type": "nul_character"} for loc in places]


class NulCharacterMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        place = _nul_in_url_or_headers(scope)
        if place is not None:
            response = problem_response(
                400,
                title="Invalid query",
                detail=f"{MESSAGE} Found in the {place}.",
                slug="bad-request",
                instance=scope["path"].replace("\x00", ""),
            )
            await response(scope, receive, send)
            return
        media_type = _media_type(scope)
        checked = media_type == "application/x-www-form-urlencoded" or (
            media_type.startswith("application/") and media_type.endswith("json")
        )
        if scope["method"] not in BODY_METHODS or not checked:
            await self.app(scope, receive, send)
            return
        # The handler reads the whole body anyway; reading it first costs no memory more.
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if _nul_in_body(media_type, body):
            response = problem_response(
                422,
                title="Invalid request body",
                detail=MESSAGE,
                slug="validation-error",
                instance=scope["path"],
                errors=_body_errors(media_type, body),
            )
            await response(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
