"""No module in api/ imports or reaches a private name of FastAPI, Starlette,
SQLAlchemy or Pydantic: a private name can change or vanish in any release.

Flagged: importing a `_`-prefixed module or name from those packages; reaching a
`_`-prefixed attribute (dunders aside) on anything but `self`, `cls` or a module
of our own; `getattr`/`hasattr`/`setattr`/`delattr` with a `_`-prefixed name.
Our own private attributes reached from outside their class are listed in
OUR_PRIVATE_ATTRIBUTES, so each one is a decision, not an accident.
"""

import ast
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[2] / "api"
FRAMEWORKS = frozenset({"fastapi", "starlette", "sqlalchemy", "pydantic", "pydantic_core"})
OURS = "api"
OUR_PRIVATE_ATTRIBUTES: frozenset[str] = frozenset()
NAME_FUNCTIONS = frozenset({"getattr", "hasattr", "setattr", "delattr"})


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_module(dotted: str) -> bool:
    parts = dotted.split(".")
    return parts[0] in FRAMEWORKS and any(is_private(part) for part in parts)


def findings(source: str, where: str = "<sample>") -> list[str]:
    """Each private framework name the source imports or reaches, as `where:line: what`."""
    tree = ast.parse(source)
    ours: set[str] = set()  # our own modules and names, as the source spells them
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{where}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if private_module(alias.name):
                    flag(node, f"import {alias.name}")
                if alias.name.split(".")[0] == OURS:
                    ours.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            if private_module(node.module):
                flag(node, f"from {node.module} import ...")
            for alias in node.names:
                if top in FRAMEWORKS and is_private(alias.name):
                    flag(node, f"from {node.module} import {alias.name}")
                if top == OURS:
                    ours.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            ours.update(alias.asname or alias.name for alias in node.names)

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            if ast.unparse(node.value) in {"self", "cls", *ours}:
                continue
            if node.attr in OUR_PRIVATE_ATTRIBUTES:
                continue
            flag(node, f"{ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in NAME_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and is_private(node.args[1].value)
            and node.args[1].value not in OUR_PRIVATE_ATTRIBUTES
        ):
            flag(node, f"{node.func.id}(..., {node.args[1].value!r})")
    return found


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("from fastapi.routing import _effective_route_context_var", True),
        ("from fastapi._compat import ModelField", True),
        ("import sqlalchemy.orm._typing", True),
        ("from pydantic._internal import _model_construction", True),
        ("from starlette.routing import Route", False),
        ("from sqlalchemy.exc import DBAPIError", False),
        ("route = get()\nroute._embed_body_fields", True),
        ("connection.sync_connection._dbapi_connection", True),
        ("value = getattr(engine, '_pool')", True),
        ("hasattr(field, '_type_adapter')", True),
        ("self._idle.append(x)", False),
        ("cls._cache.clear()", False),
        ("from api.core import db\ndb._configure_sqlite(engine)", False),
        ("import api.core.db\napi.core.db._configure_sqlite(engine)", False),
        ("from api.core import db\ndb.engine._pool", True),
        ("self.engine._pool", True),
        ("model.__tablename__", False),
        ("getattr(model, '__tablename__', None)", False),
        ("from _thread import get_ident", False),
    ],
)
def test_the_check_flags_what_it_should(source: str, flagged: bool) -> None:
    assert bool(findings(source)) is flagged


def test_api_reaches_no_private_framework_name() -> None:
    found = [
        line
        for path in sorted(API.rglob("*.py"))
        for line in findings(path.read_text(), str(path.relative_to(API.parent)))
    ]
    assert found == []
