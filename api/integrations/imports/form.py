"""Reading `POST /imports`' multipart form by hand, after the body is read whole: the
`Idempotency-Key` check reads the body first, and FastAPI's own form parameters would
have consumed the stream before it."""

from typing import Any

from fastapi import Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.core.errors import Unprocessable
from api.integrations.imports.registry import KINDS
from api.integrations.imports.schemas import ImportForm
from api.integrations.imports.service import Upload

BOOLEANS = {"true": True, "false": False}
MAX_FIELDS = 40


def form_body() -> dict[str, Any]:
    schema = ImportForm.model_json_schema()
    schema["properties"]["kind"]["enum"] = sorted(KINDS)
    schema["properties"]["kind"]["description"] = "What the file is: " + "; ".join(
        f"`{name}`, {kind.description}" for name, kind in sorted(KINDS.items())
    )
    schema["properties"]["file"] = {
        "type": "string",
        "format": "binary",
        "description": "The file: a CSV, or for `oneroster` a zip.",
    }
    for name, field in schema["properties"].items():
        schema["properties"][name] = without_null(field)
    schema["required"] = ["file", "kind"]
    schema.pop("title", None)
    schema.pop("description", None)
    return {
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": schema}},
        }
    }


def without_null(field: dict[str, Any]) -> dict[str, Any]:
    """A form field is given or left out, never null: the schema says so, and a client
    sends what its type allows."""
    choices = [c for c in field.get("anyOf", []) if c.get("type") != "null"]
    if len(choices) != 1:
        return field
    kept = {key: value for key, value in field.items() if key not in ("anyOf", "default")}
    merged: dict[str, Any] = {**kept, **choices[0]}
    return merged


def _missing(field: str, message: str) -> Unprocessable:
    return Unprocessable(
        f"{field}: {message}.", errors=[{"loc": ["body", field], "msg": message, "type": "missing"}]
    )


async def read_form(request: Request) -> tuple[ImportForm, Upload]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "multipart/form-data":
        raise _missing("file", "send a multipart/form-data form with the file in `file`")
    async with request.form(max_files=1, max_fields=MAX_FIELDS) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _missing("file", "the form has no file in `file`")
        values: dict[str, Any] = {}
        for name in set(form.keys()) - {"file"}:
            given = [v for v in form.getlist(name) if isinstance(v, str)]
            if name == "map":
                values[name] = given
            elif given:
                values[name] = BOOLEANS.get(given[-1], given[-1]) if name in _FLAGS else given[-1]
        try:
            parsed = ImportForm.model_validate(values)
        except ValidationError as error:
            raise Unprocessable(
                "The form is wrong: "
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()),
                errors=[
                    {"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]}
                    for e in error.errors()
                ],
            ) from None
        return parsed, Upload(upload.filename or "upload", await upload.read())


_FLAGS = frozenset({"dry_run", "allow_shrink", "overwrite_edited", "atomic"})
