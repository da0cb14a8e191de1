"""OneRoster CSV zips, through `api.directory.oneroster`; bulk files also deactivate
what they leave out (see `oneroster_bulk`)."""

from api.core.import_report import ImportReport
from api.directory.oneroster.archive import read_members
from api.directory.oneroster.files import read_files
from api.directory.oneroster.importer import Target, import_oneroster
from api.directory.schemas import StateCode
from api.integrations.imports.kinds import ImportKind, KindOptions, RunContext
from api.integrations.imports.oneroster_bulk import deactivate_missing


class OneRosterOptions(KindOptions):
    state: StateCode | None = None


async def run_oneroster(ctx: RunContext) -> ImportReport:
    options = OneRosterOptions.model_validate(ctx.options)
    files = read_files(read_members(ctx.data))
    total = sum(len(files.of(name)) for name in ("orgs", "users", "roles"))
    done: dict[str, int] = {}

    def advance(stage: str, rows: int, _: int) -> None:
        done[stage] = rows
        ctx.progress(min(sum(done.values()), total), total)

    target = Target(ctx.district_id, options.state)
    summary = await import_oneroster(ctx.session, ctx.scope, ctx.data, target, advance)
    outcome = summary.total()
    outcome.details = summary
    outcome.updated += await deactivate_missing(ctx.session, files, ctx.district_id)
    ctx.progress(total, total)
    return outcome


ONEROSTER = ImportKind(
    "oneroster",
    "A OneRoster 1.1 or 1.2 CSV zip, bulk or delta: orgs, staff users and their roles.",
    OneRosterOptions,
    run_oneroster,
    archive=True,
)
