"""A request says what it means: JSON `false` is not the number 0, and `1` is not `true`.

FastAPI validates a parsed body in Python mode, where pydantic's lax mode would coerce
both; every integer and boolean field of every request model must refuse them.
"""

import datetime as dt
import importlib
import pkgutil
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import pytest
from pydantic import TypeAdapter, ValidationError

import api
from api.core.schemas import QueryDate, QueryDateTime, RequestModel

WRONG: dict[type, list[Any]] = {int: [True, False, "3"], bool: [1, 0, "true"]}


def _kinds(annotation: Any) -> set[tuple[bool, type]]:
    """(is a list, scalar) for every int or bool a field can hold."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return _kinds(args[0])
    if origin is Literal:
        return {(False, type(choice)) for choice in args} & {(False, int), (False, bool)}
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_kinds(choice) for choice in args))
    if origin in (list, set, frozenset):
        return {(True, kind) for _, kind in _kinds(args[0])}
    return {(False, annotation)} & {(False, int), (False, bool)}


def _subclasses(model: type[RequestModel]) -> Iterator[type[RequestModel]]:
    for subclass in model.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _request_fields() -> list[tuple[str, type[RequestModel], str, bool, type]]:
    for module in pkgutil.walk_packages(api.__path__, "api."):
        importlib.import_module(module.name)
    found = {}
    for model in _subclasses(RequestModel):
        for name, field in model.model_fields.items():
            for listed, kind in _kinds(field.annotation):
                label = f"{model.__module__}.{model.__name__}.{name}:{kind.__name__}"
                found[label] = (model, name, listed, kind)
    return [(label, *found[label]) for label in sorted(found)]


REQUEST_FIELDS = _request_fields()


def test_the_walk_finds_the_request_fields() -> None:
    labels = {label for label, *_ in REQUEST_FIELDS}
    assert "api.directory.schemas.SchoolCreate.enrollment:int" in labels
    assert "api.directory.schemas.PersonUpdate.is_active:bool" in labels


@pytest.mark.parametrize(
    ("label", "model", "name", "listed", "kind"),
    REQUEST_FIELDS,
    ids=[label for label, *_ in REQUEST_FIELDS],
)
def test_request_scalars_refuse_coercion(
    label: str, model: type[RequestModel], name: str, listed: bool, kind: type
) -> None:
    alias = model.model_fields[name].alias or name
    for wrong in WRONG[kind]:
        with pytest.raises(ValidationError) as refused:
            model.model_validate({alias: [wrong] if listed else wrong})
        mine = [error for error in refused.value.errors() if error["loc"][:1] == (alias,)]
        assert [error["type"] for error in mine] == [f"{kind.__name__}_type"], mine


class Sample(RequestModel):
    day: dt.date | None = None
    at: dt.datetime | None = None
    count: int | None = None
    flag: bool | None = None
    tags: list[int] | None = None
    level: Literal[1, 2] | None = None


def test_whole_numbers_and_booleans_pass_unchanged() -> None:
    # JSON Schema counts 3.0 as an integer, so a client may send it.
    sample = Sample.model_validate({"count": 3.0, "flag": False, "tags": [1, 2.0], "level": 2})
    assert (sample.count, sample.flag, sample.tags, sample.level) == (3, False, [1, 2], 2)
    dated = Sample.model_validate({"day": "2000-01-02", "at": "2000-01-02T03:04:05Z"})
    assert (dated.day, dated.at) == (
        dt.date(2000, 1, 2),
        dt.datetime(2000, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )
    # A service merging stored values into a model passes Python dates through.
    assert Sample.model_validate({"day": dt.date(2000, 1, 2)}).day == dt.date(2000, 1, 2)
    cleared = Sample.model_validate({"count": None, "flag": None})
    assert (cleared.count, cleared.flag, cleared.model_fields_set) == (
        None,
        None,
        {"count", "flag"},
    )


@pytest.mark.parametrize(
    ("field", "wrong", "kind"),
    [
        ("count", True, "int_type"),
        ("count", "3", "int_type"),
        ("flag", 1, "bool_type"),
        ("flag", "false", "bool_type"),
        ("tags", [1, True], "int_type"),
        ("level", True, "int_type"),
        ("day", 0, "date_type"),
        ("day", "0", "date_type"),
        ("at", "1700000000.5", "date_type"),
        ("at", False, "date_type"),
    ],
)
def test_lax_values_are_refused_naming_the_field(field: str, wrong: Any, kind: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Sample.model_validate({field: wrong})
    assert [(error["loc"][0], error["type"]) for error in refused.value.errors()] == [(field, kind)]


def test_query_dates_are_written_as_dates() -> None:
    assert TypeAdapter(QueryDate).validate_python("2000-01-02") == dt.date(2000, 1, 2)
    assert TypeAdapter(QueryDateTime).validate_python("2000-01-02T03:04:05Z").year == 2000
    for wrong in ("0", "0.5", "1700000000"):
        with pytest.raises(ValidationError, match="RFC 3339"):
            TypeAdapter(QueryDate).validate_python(wrong)
        with pytest.raises(ValidationError, match="RFC 3339"):
            TypeAdapter(QueryDateTime).validate_python(wrong)
