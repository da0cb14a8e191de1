"""Who reaches which partners and agreements, as SQL conditions.

- Administrators reach everything.
- A partner organisation's users reach their organisation, its agreements and
  everything logged under them.
- District managers and coordinators see agreements touching their schools
  (a district-wide agreement touches every school of its district) and change
  those that name one of their schools, or their district.
- Partners themselves are a shared catalogue for school and district staff:
  anyone there may read them; they change those they work with and those
  nobody has an agreement with yet.
"""

from sqlalchemy import ColumnElement, exists, false, or_, select, true

from api.access.directory import agreements_touching, engaged_partner_ids, naming_schools
from api.core.errors import Forbidden
from api.core.scope import Scope
from api.partners.models import Agreement, Partner


def _staff(scope: Scope) -> bool:
    return bool(scope.district_ids or scope.school_ids)


def agreements_visible(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.partner_ids:
        conditions.append(Agreement.partner_id.in_(scope.partner_ids))
    if _staff(scope):
        conditions.append(agreements_touching(scope))
    return or_(*conditions) if conditions else false()


def agreements_writable(scope: Scope) -> ColumnElement[bool]:
    """Like visible, but a district-wide agreement is its district managers' to change."""
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.partner_ids:
        conditions.append(Agreement.partner_id.in_(scope.partner_ids))
    if scope.district_ids:
        conditions.append(Agreement.district_id.in_(scope.district_ids))
    if scope.school_ids:
        conditions.append(naming_schools(scope.school_ids))
    return or_(*conditions) if conditions else false()


def partners_visible(scope: Scope) -> ColumnElement[bool]:
    if scope.everything or _staff(scope):
        return true()
    return Partner.id.in_(scope.partner_ids) if scope.partner_ids else false()


def partners_writable(scope: Scope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if scope.partner_ids:
        conditions.append(Partner.id.in_(scope.partner_ids))
    if _staff(scope):
        conditions.append(Partner.id.in_(engaged_partner_ids(scope)))
        conditions.append(~exists(select(Agreement.id).where(Agreement.partner_id == Partner.id)))
    return or_(*conditions) if conditions else false()


def require_partner_creator(scope: Scope) -> None:
    if not (scope.everything or _staff(scope)):
        raise Forbidden("Partner organisations are added by school or district staff.")
