"""Every kind of import a job can run: one line registers one."""

from api.integrations.imports.kinds import KINDS, register
from api.integrations.imports.matches_kind import MATCHES
from api.integrations.imports.measurements_kind import MEASUREMENTS
from api.integrations.imports.nces_kind import NCES
from api.integrations.imports.oneroster_kind import ONEROSTER
from api.integrations.imports.spreadsheet_kinds import PARTNERS, PEOPLE

register(NCES)
register(ONEROSTER)
register(MEASUREMENTS)
register(MATCHES)
register(PEOPLE)
register(PARTNERS)

__all__ = ["KINDS"]
