"""How each role's answer is written down in the scope matrix: the request builders' types
and the usual (inside, outside) expectations."""

from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.auth.scope_world import World

Request = tuple[str, str, Any]
Build = Callable[[World, bool], Request]
Pair = tuple[int | str, int | str]
Expect = dict[Role, Pair]
Ops = dict[str, tuple[Build, Expect]]

ADMIN, DM, CO, PA, VI = (
    Role.admin,
    Role.district_manager,
    Role.coordinator,
    Role.partner,
    Role.viewer,
)


def reads(partner: Pair = (404, 404)) -> Expect:
    return {ADMIN: (200, 200), DM: (200, 404), CO: (200, 404), PA: partner, VI: (200, 404)}


def writes(ok: int, partner: Pair = (403, 403)) -> Expect:
    return {ADMIN: (ok, ok), DM: (ok, 404), CO: (ok, 404), PA: partner, VI: (403, 403)}


def lists() -> Expect:
    return dict.fromkeys(Role, (200, 200))


def admin_only(ok: int) -> Expect:
    return {role: ((ok, ok) if role is ADMIN else (403, 403)) for role in Role}


def own_reads() -> Expect:
    """Records of the partners area: a partner organisation reads its own."""
    return reads(partner=(200, 404))


def own_writes(ok: int) -> Expect:
    """A partner organisation works on its own agreements and staff; a viewer changes nothing."""
    return writes(ok, partner=(ok, 404))


def staff_writes(ok: int) -> Expect:
    """A school's records a partner organisation cannot see, though its role may write them."""
    return writes(ok, partner=(404, 404))


def catalogue(ok: int | str, refused: int | str, hidden: int | str = 404) -> Expect:
    """Partners are read by all school and district staff, changed by those working with them;
    a partner organisation sees only itself."""
    return {
        ADMIN: (ok, ok),
        DM: (ok, refused),
        CO: (ok, refused),
        PA: (ok, hidden),
        VI: (403, 403),
    }
