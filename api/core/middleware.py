"""Pure ASGI middleware: request ids and access logs, body limits, media types."""

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.errors import problem_response
from api.core.logs import request_id_var

access_log = logging.getLogger("trellis.access")
error_log = logging.getLogger("trellis.errors")
UNEXPECTED = "Something went wrong on our side; it was logged."
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
BODY_METHODS = frozenset({b"POST", b"PUT", b"PATCH"})
JSON_TYPES = ("application/json", "application/merge-patch+json")
FORM_PATHS = ("/auth/token", "/imports", "/imports/oneroster")
# File imports take the file as it is (text/csv), as large as a bulk upsert.
CSV_PATHS = ("/import",)
# Uploads of a whole zip, taken as they are.
ZIP_PATHS = ("/imports/oneroster",)


class RequestContextMiddleware:
    """Give every request an id (kept from `X-Request-ID` when sane) and log it once."""

    def __init__(self, app: ASGIApp, *, log_requests: bool = True) -> None:
        self.app = app
        self.log_requests = log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.log_requests:
                access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)


class UnexpectedErrorMiddleware:
    """An error no handler took becomes a 500 problem here, inside the other middleware,
    so the answer carries the request id and security headers, and the log line the
    request id; the framework's last-resort handler, outside them all, has neither."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._answer_errors(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _answer_errors(self, scope: Scope, receive: Receive, send: Send) -> None:
        answered = False

        async def noting_send(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        except Exception:
            error_log.exception(
                "unhandled error", extra={"method": scope["method"], "path": scope["path"]}
            )
            if answered:
                raise  # half an answer was sent; only closing the connection is left
            response = problem_response(500, detail=UNEXPECTED, instance=scope["path"])
            await response(scope, receive, send)


class BodyLimitMiddleware:
    """Refuse bodies over the limit with 413 before reading them whole."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, bulk_max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.bulk_max_bytes = bulk_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"].encode() not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        large = scope["path"].endswith(("/bulk", "/imports", *CSV_PATHS, *ZIP_PATHS))
        limit = self.bulk_max_bytes if large else self.max_bytes
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, receive, send, limit)
            return
        received = 0
        too_large = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _BodyTooLarge
            return message

        replaced = False

        async def replacing_send(message: Message) -> None:
            # The framework turns a failed body read into its own 400; say 413 instead.
            nonlocal replaced
            if not too_large:
                await send(message)
            elif not replaced:
                replaced = True
                await _too_large(scope, receive, send, limit)

        try:
            await self.app(scope, counting_receive, replacing_send)
        except _BodyTooLarge:
            if not replaced:
                await _too_large(scope, receive, send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = problem_response(
        413,
        detail=f"The request body is larger than {limit} bytes.",
        slug="payload-too-large",
        instance=scope["path"],
    )
    await response(scope, receive, send)


class MediaTypeMiddleware:
    """Bodies must be JSON (or a form where a form is the protocol), else 415."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"].encode() in BODY_METHODS:
            media_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            declared_length = _header(scope, b"content-length")
            has_body = media_type or (declared_length not in (None, "0"))
            if has_body and not _acceptable(scope["path"], media_type):
                response = problem_response(
                    415,
                    detail=f"Send JSON (application/json); got '{media_type or 'no content type'}'.",
                    slug="unsupported-media-type",
                    instance=scope["path"],
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _acceptable(path: str, media_type: str) -> bool:
    if media_type in JSON_TYPES or (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        return True
    if media_type == "text/csv" and path.endswith(CSV_PATHS):
        return True
    if media_type == "application/zip" and path.endswith(ZIP_PATHS):
        return True
    is_form = media_type in ("application/x-www-form-urlencoded", "multipart/form-data")
    return is_form and path.endswith(FORM_PATHS)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class SecurityHeadersMiddleware:
    """Headers that keep browsers from sniffing, framing or leaking API responses."""

    API_CSP = b"default-src 'none'; frame-ancestors 'none'"

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-resource-policy", b"same-site"),
        ]
        if hsts:
            self.headers.append(
                (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The interactive docs load scripts, so only API paths get the strict policy.
        strict = not scope["path"].startswith(("/docs", "/redoc"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = (
                    [*self.headers, (b"cache-control", b"private, no-cache")]
                    if strict
                    else self.headers
                )
                if strict:
                    extra = [*extra, (b"content-security-policy", self.API_CSP)]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
