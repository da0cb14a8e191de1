"""The `trellis` command."""

import asyncio
from typing import Annotated

import typer
import uvicorn

from api.settings import get_settings

app = typer.Typer(help="Trellis: school-community partnerships API.", no_args_is_help=True)
import_app = typer.Typer(help="Import directory files.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Serve the API."""
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        access_log=False,
        log_config=None,
    )


@app.command()
def migrate() -> None:
    """Migrate the database to the newest schema (idempotent)."""
    from api.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("database is at the newest schema")


@app.command("seed-demo")
def seed_demo(
    if_empty: Annotated[bool, typer.Option(help="Only seed a database with no districts.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed, for a repeatable demo.")] = 2026,
) -> None:
    """Create a realistic demo district: ~40 schools and ~400 people with roles."""
    from api.demo import seed_demo_district

    summary = asyncio.run(
        seed_demo_district(get_settings().async_database_url, if_empty=if_empty, seed=seed)
    )
    typer.echo(summary)
