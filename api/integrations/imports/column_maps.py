"""`field=Column` pairs, as the CLI's `--map` takes them, over a column map's defaults."""

from dataclasses import fields, replace
from typing import Any, TypeVar

from api.core.errors import Unprocessable

M = TypeVar("M")


def mapped(defaults: M, pairs: list[str]) -> M:
    names = [f.name for f in fields(defaults)]  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in names or not column.strip():
            message = f"give field=Column, field one of {', '.join(names)}"
            raise Unprocessable(
                f"map {pair!r}: {message}.",
                errors=[{"loc": ["body", "map"], "msg": message, "type": "value"}],
            )
        changes[name.strip()] = column.strip()
    return replace(defaults, **changes)  # type: ignore[type-var]
