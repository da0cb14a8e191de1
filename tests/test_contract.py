"""The published contract: spec freshness, operation ids, migrations matching models."""

import re

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.transactions import TransactionalRoute
from api.main import create_app
from api.migrate import alembic_config
from api.models import metadata
from api.openapi_export import SPEC_PATH, render_spec
from tests.conftest import settings_for_tests

CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")


def test_committed_openapi_is_current() -> None:
    assert SPEC_PATH.read_text() == render_spec(), "openapi.yaml is stale: run `make openapi`"


def test_operation_ids_are_unique_camel_case() -> None:
    spec = create_app(settings_for_tests()).openapi()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert all(CAMEL_CASE.match(op_id) for op_id in ids), ids


def api_routes() -> list[tuple[str, APIRoute]]:
    contexts = iter_route_contexts(create_app(settings_for_tests()).routes)
    return [
        (context.path or "", context.original_route)
        for context in contexts
        if isinstance(context.original_route, APIRoute) and (context.path or "").startswith("/api/")
    ]


def test_every_api_route_runs_in_a_transaction() -> None:
    routes = api_routes()
    assert len(routes) > 20
    assert [path for path, route in routes if not isinstance(route, TransactionalRoute)] == []


# Indexes on an expression: autogenerate cannot compare them (SQLite's are not reflected,
# PostgreSQL's come back rewritten); each has a test that the query it serves reads from it.
EXPRESSION_INDEXES = {"ix_people_last_verified"}


def compared(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
async def test_migrations_match_the_models(engine: AsyncEngine) -> None:
    def differences(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": compared}
        )
        return compare_metadata(context, metadata)

    async with engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []


def test_every_migration_reverses(fresh_database_url: str) -> None:
    # Sync: Alembic runs its own event loop.
    config = alembic_config(fresh_database_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def test_spec_keeps_number_like_strings_as_strings() -> None:
    import yaml

    spec = yaml.safe_load(render_spec())
    grades = spec["components"]["schemas"]["Grade"]["enum"]
    assert "08" in grades
    assert all(isinstance(grade, str) for grade in grades)
    assert "'08'" in render_spec()
