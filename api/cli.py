"""The `trellis` command."""

import asyncio
import getpass
import sys
from pathlib import Path
from typing import Annotated, TypedDict

import typer
import uvicorn

import api.models  # noqa: F401 - every table registered, so foreign keys resolve in every command
from api.settings import get_settings

app = typer.Typer(help="Trellis: school-community partnerships API.", no_args_is_help=True)
import_app = typer.Typer(help="Import directory files and match histories.", no_args_is_help=True)
app.add_typer(import_app, name="import")


class ProxyOptions(TypedDict):
    proxy_headers: bool
    forwarded_allow_ips: str | None


def proxy_options(forwarded_allow_ips: str | None) -> ProxyOptions:
    """uvicorn trusts `X-Forwarded-For` from these proxies only.

    uvicorn would trust 127.0.0.1 unless told otherwise; Trellis trusts no proxy until
    named, since the client address is what sign-in limits key on.
    """
    return {
        "proxy_headers": bool(forwarded_allow_ips),
        "forwarded_allow_ips": forwarded_allow_ips or None,
    }


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated addresses or networks of the reverse proxies in front of "
            "the API: their X-Forwarded-For header names the client that rate limits and "
            "logs see. Default: none, every caller is its connection's address."
        ),
    ] = None,
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
        **proxy_options(forwarded_allow_ips),
    )


@app.command()
def migrate() -> None:
    """Migrate the database to the newest schema (idempotent)."""
    from api.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("database is at the newest schema")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="Sign-in email.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "Administrator",
) -> None:
    """Create an administrator; the password is read from standard input, never an argument."""
    from pydantic import ValidationError

    from api.auth.bootstrap import create_admin as create

    password = _read_password()
    try:
        user_id = asyncio.run(create(get_settings().async_database_url, email, name, password))
    except ValidationError as error:
        typer.echo(f"refused: {error.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"created administrator {email} ({user_id})")


def _read_password() -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("Password (12+ characters): ")
        if getpass.getpass("Again: ") != password:
            typer.echo("the passwords differ", err=True)
            raise typer.Exit(2)
        return password
    return sys.stdin.readline().rstrip("\n")


@app.command("create-client")
def create_client(
    name: Annotated[str, typer.Option(help="What the client is, e.g. 'SIS nightly sync'.")],
    role: Annotated[
        str, typer.Option(help="admin, district_manager, coordinator, partner or viewer.")
    ],
    district_id: Annotated[list[str] | None, typer.Option(help="Repeat for several.")] = None,
    school_id: Annotated[list[str] | None, typer.Option(help="Repeat for several.")] = None,
    partner_id: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Create an API client for a district system or script; prints its secret once."""
    from pydantic import ValidationError

    from api.auth.bootstrap import create_api_client
    from api.auth.schemas import ApiClientCreate

    try:
        data = ApiClientCreate.model_validate(
            {
                "name": name,
                "role": role,
                "district_ids": district_id or [],
                "school_ids": school_id or [],
                "partner_id": partner_id,
            }
        )
    except ValidationError as error:
        typer.echo(f"refused: {error.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from error
    client_id, secret = asyncio.run(create_api_client(get_settings().async_database_url, data))
    typer.echo(
        f"client_id:     {client_id}\nclient_secret: {secret}\n(the secret is shown only now)"
    )


@app.command("seed-demo")
def seed_demo(
    if_empty: Annotated[bool, typer.Option(help="Only seed a database with no districts.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed, for a repeatable demo.")] = 2026,
) -> None:
    """Create a realistic demo district: ~40 schools and ~400 people with roles, and a
    demo administrator; says how to sign in on every run."""
    from api.demo import seed_demo_district
    from api.settings import Environment

    settings = get_settings()
    if settings.environment is Environment.production:
        typer.echo("refused: no demo data or demo accounts in production", err=True)
        raise typer.Exit(2)
    summary = asyncio.run(
        seed_demo_district(settings.async_database_url, if_empty=if_empty, seed=seed)
    )
    typer.echo(summary)


@app.command("reset-password")
def reset_password(
    email: Annotated[str, typer.Argument(help="The user's sign-in email.")],
) -> None:
    """Give a user a new random password (printed once) and sign them out everywhere."""
    from api.auth.bootstrap import reset_password as reset

    password = asyncio.run(reset(get_settings().async_database_url, email))
    if password is None:
        typer.echo(f"no user has the email {email}", err=True)
        raise typer.Exit(1)
    typer.echo(f"new password for {email}: {password}\n(shown only now)")


@app.command()
def worker() -> None:
    """Send webhook deliveries and run queued import jobs until stopped (SIGTERM or Ctrl-C
    finish the batch under way).
    Several may run on PostgreSQL; run one on SQLite."""
    from api.integrations.webhooks.run import run_worker

    asyncio.run(run_worker(get_settings()))


@import_app.command("nces")
def import_nces(
    paths: Annotated[
        list[Path],
        typer.Argument(help="NCES files: a school file and its district file, or CCD flat files."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Import NCES school-directory files (Public School Search export or CCD flat files)."""
    from api.directory.nces.console import run_import_cli

    raise typer.Exit(run_import_cli(get_settings().async_database_url, paths, dry_run))


@import_app.command("measurements")
def import_measurements(
    path: Annotated[Path, typer.Argument(help="A CSV file of readings, UTF-8, with a header.")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="FIELD=COLUMN, repeatable: which column holds goal_id, goal_external_id, "
            "date, value, source or note (default: the field's own name, date in measured_on).",
        ),
    ] = None,
    atomic: Annotated[
        bool, typer.Option(help="Write nothing when any line is bad (--no-atomic: the good ones).")
    ] = True,
) -> None:
    """Import goal readings from a CSV file; lists every bad line, exit code 1 if any."""
    from api.goals.measurement_console import run_measurement_import_cli

    raise typer.Exit(
        run_measurement_import_cli(get_settings().async_database_url, path, map_ or [], atomic)
    )


@import_app.command("matches")
def import_matches(
    path: Annotated[Path, typer.Argument(help="A match export as CSV, e.g. the BBBS one.")],
    program: Annotated[str, typer.Option(help="The programme's id.")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="field=Column, repeat for several: match_id, mentor, mentee, stage, program, "
            "activation, closure, closure_reason, length (defaults: the BBBS column names).",
        ),
    ] = None,
    atomic: Annotated[
        bool, typer.Option(help="One bad line refuses the file (--no-atomic writes the rest).")
    ] = True,
) -> None:
    """Import a match history into a programme: idempotent, errors listed by line."""
    from api.mentoring.import_console import run_import_cli

    code = run_import_cli(get_settings().async_database_url, path, program, map_ or [], atomic)
    raise typer.Exit(code)


@import_app.command("oneroster")
def import_oneroster(
    path: Annotated[Path, typer.Argument(help="A OneRoster 1.1 or 1.2 CSV zip, bulk or delta.")],
    district_id: Annotated[
        str | None,
        typer.Option(
            help="Import as this district's manager would: into this district only, "
            "parentless schools placed there. Default: as an administrator, into the "
            "districts the file holds."
        ),
    ] = None,
    state: Annotated[
        str | None, typer.Option(help="Two-letter state of districts the file adds.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change, by record; write nothing.")
    ] = False,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Import even when it deactivates more than 20 % of a district's schools, "
            "people and role assignments (refused otherwise, nothing written).",
        ),
    ] = False,
    overwrite_edited: Annotated[
        bool,
        typer.Option(
            "--overwrite-edited",
            help="Overwrite fields edited in Trellis since the last import (kept otherwise).",
        ),
    ] = False,
) -> None:
    """Import a OneRoster CSV zip (orgs, staff users and their roles) as an import job, the
    one `POST /imports` runs: listed by `GET /imports`, run here at once. A bulk file also
    closes the schools, deactivates the people and ends the role assignments an earlier
    OneRoster import brought in and the file leaves out. Exit code 2 when the job is
    refused or fails (nothing written), 0 otherwise."""
    import uuid

    from api.integrations.imports.service import JobRequest
    from api.integrations.imports.terminal import run_job_cli

    try:
        target = uuid.UUID(district_id) if district_id else None
    except ValueError as error:
        typer.echo(f"refused: --district-id {district_id} is not a UUID", err=True)
        raise typer.Exit(2) from error
    options = {"state": state} if state else {}
    request = JobRequest("oneroster", dry_run, allow_shrink, overwrite_edited, target, options)
    raise typer.Exit(run_job_cli(get_settings().async_database_url, path, request))


@import_app.command("people")
def import_people(
    path: Annotated[Path, typer.Argument(help="A CSV of people, e.g. the TEA AskTED principals.")],
    mapping: Annotated[
        str,
        typer.Option(help="A ready-made mapping (tx-principals, tx-superintendents) or JSON."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Import people with a column mapping, each placed at the school or district a line names."""
    from api.integrations.spreadsheets.console import run_import_cli

    raise typer.Exit(
        run_import_cli(get_settings().async_database_url, "people", path, mapping, dry_run)
    )


@import_app.command("partners")
def import_partners(
    path: Annotated[Path, typer.Argument(help="A CSV of partners, e.g. NYC DYCD programmes.")],
    mapping: Annotated[str, typer.Option(help="A ready-made mapping (nyc-after-school) or JSON.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Import partners and their programmes with a column mapping; lists unplaced sites."""
    from api.integrations.spreadsheets.console import run_import_cli

    url = get_settings().async_database_url
    raise typer.Exit(run_import_cli(url, "partners", path, mapping, dry_run))
