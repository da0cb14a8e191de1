"""A route's dependencies, solved from a plan made once when the route is built.

On every request FastAPI re-derives facts about each parameter that never change
(is it a list, which alias does it answer to, is it a model) and walks a cached
dependency's whole sub-tree again before finding its value in the cache. On the
hot directory reads that bookkeeping cost about a third of the request, more
than the query. A plan makes those decisions once; per request it only reads
each value, validates it with FastAPI's own field, and calls each dependency
once, in FastAPI's order.

A plan covers async dependencies, path, query and header parameters and the
request itself, for endpoints that return a `Response`. A route using anything
else (a body, cookies, `yield` or plain `def` dependencies, parameter models,
background tasks, ...) keeps FastAPI's solver, and so does every request while
dependency overrides are set. tests/core/test_dependency_plan.py holds every
planned route of the app to FastAPI's own answers.
"""

import inspect
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi._compat import ModelField, Undefined, field_annotation_is_sequence
from fastapi.dependencies.models import (
    Dependant,
    _get_cache_key,
    _is_async_gen_callable,
    _is_coroutine_callable,
    _is_gen_callable,
)
from fastapi.dependencies.utils import (
    _get_param_aliases,
    _get_param_model,
    _is_json_field,
    _validate_value_with_model_field,
)
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import Headers, ImmutableMultiDict
from starlette.requests import Request
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
_IMMUTABLE_DEFAULTS = (type(None), bool, int, float, str, bytes)


@dataclass(frozen=True, slots=True)
class ParameterPlan:
    field: ModelField
    where: str  # "path", "query" or "header", the first part of an error's loc
    aliases: tuple[str, ...]  # the request keys it answers to, preferred first
    is_sequence: bool
    shared_default: bool  # an immutable default needs no copy per request

    @classmethod
    def build(cls, field: ModelField, where: str) -> "ParameterPlan | None":
        if _get_param_model(field) is not None or _is_json_field(field):
            return None
        default = field.field_info.default
        return cls(
            field=field,
            where=where,
            aliases=tuple(alias for _, alias in _get_param_aliases(field)),
            is_sequence=field_annotation_is_sequence(field.field_info.annotation),
            shared_default=isinstance(default, _IMMUTABLE_DEFAULTS)
            and not field.field_info.is_required()
            and not field.field_info.validate_default,
        )

    def read(self, received: Mapping[str, Any], values: dict[str, Any]) -> tuple[Any, list[Any]]:
        alias = next((a for a in self.aliases if a in received), self.aliases[0])
        if self.is_sequence and isinstance(received, ImmutableMultiDict | Headers):
            value: Any = received.getlist(alias)
        else:
            value = received.get(alias)
        if value is None or (self.is_sequence and len(value) == 0):
            if self.shared_default:
                return self.field.field_info.default, []
            value = Undefined
        return _validate_value_with_model_field(
            field=self.field, value=value, values=values, loc=(self.where, alias)
        )


@dataclass(frozen=True, slots=True)
class DependencyPlan:
    call: Callable[..., Any]
    name: str | None
    cache_key: Any
    dependencies: tuple["DependencyPlan", ...]
    path: tuple[ParameterPlan, ...]
    query: tuple[ParameterPlan, ...]
    headers: tuple[ParameterPlan, ...]
    request_names: tuple[str, ...]

    @classmethod
    def build(cls, dependant: Dependant) -> "DependencyPlan | None":
        """The plan for a dependant and its sub-tree, or None if it uses what a plan does not cover."""
        call = dependant.call
        if (
            call is None
            or dependant.body_params
            or dependant.cookie_params
            or dependant.websocket_param_name
            or dependant.response_param_name
            or dependant.background_tasks_param_name
            or dependant.security_scopes_param_name
            or dependant.concurrency is not None
            or not dependant.use_cache
            or not _is_coroutine_callable(call)
            or _is_gen_callable(call)
            or _is_async_gen_callable(call)
        ):
            return None
        subs = tuple(cls.build(sub) for sub in dependant.dependencies)
        groups = [
            tuple(ParameterPlan.build(field, where) for field in fields)
            for where, fields in (
                ("path", dependant.path_params),
                ("query", dependant.query_params),
                ("header", dependant.header_params),
            )
        ]
        if any(sub is None for sub in subs) or any(p is None for g in groups for p in g):
            return None
        path, query, headers = groups
        return cls(
            call=call,
            name=dependant.name,
            cache_key=_get_cache_key(dependant=dependant),
            dependencies=subs,  # type: ignore[arg-type]
            path=path,  # type: ignore[arg-type]
            query=query,  # type: ignore[arg-type]
            headers=headers,  # type: ignore[arg-type]
            request_names=tuple(
                name
                for name in (dependant.request_param_name, dependant.http_connection_param_name)
                if name
            ),
        )

    async def solve(
        self, request: Request, cache: dict[Any, Any]
    ) -> tuple[dict[str, Any], list[Any]]:
        """The arguments for this plan's call, or the validation errors that stop it."""
        values: dict[str, Any] = {}
        errors: list[Any] = []
        for sub in self.dependencies:
            if sub.cache_key in cache:
                solved = cache[sub.cache_key]
            else:
                arguments, sub_errors = await sub.solve(request, cache)
                if sub_errors:
                    errors.extend(sub_errors)
                    continue
                solved = await sub.call(**arguments)
                cache[sub.cache_key] = solved
            if sub.name is not None:
                values[sub.name] = solved
        for plans, received in (
            (self.path, request.path_params),
            (self.query, request.query_params),
            (self.headers, request.headers),
        ):
            if plans:
                errors.extend(_read_all(plans, received, values))
        for name in self.request_names:
            values[name] = request
        return values, errors


def _read_all(
    plans: tuple[ParameterPlan, ...], received: Mapping[str, Any], values: dict[str, Any]
) -> list[Any]:
    errors: list[Any] = []
    of_kind: dict[str, Any] = {}  # FastAPI validates each parameter seeing its kind's earlier ones
    for plan in plans:
        value, problems = plan.read(received, of_kind)
        if problems:
            errors.extend(problems)
        else:
            of_kind[plan.field.name] = value
    values.update(of_kind)
    return errors


def planned_handler(
    dependant: Dependant, overrides_provider: Any, fallback: Handler
) -> Handler | None:
    """A request handler solving `dependant` from its plan, or None when it cannot have one."""
    endpoint = dependant.call
    returns = inspect.signature(endpoint).return_annotation if endpoint else None
    if not (inspect.isclass(returns) and issubclass(returns, Response)):
        return None  # FastAPI serialises any other return value; leave that to it
    plan = DependencyPlan.build(dependant)
    if plan is None:
        return None

    async def handle(request: Request) -> Response:
        if overrides_provider is not None and overrides_provider.dependency_overrides:
            return await fallback(request)
        arguments, errors = await plan.solve(request, {})
        if errors:
            raise RequestValidationError(errors, body=None)
        response: Response = await plan.call(**arguments)
        return response

    return handle
