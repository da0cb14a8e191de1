"""Who is calling and what they may reach: every API route depends on `current_principal`."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.principal_cache import PrincipalCache
from api.auth.principals import Principal, load_principal
from api.auth.rate_limit import RateLimits
from api.auth.roles import Role
from api.auth.secrets import SecretHashing
from api.auth.tokens import AccessClaims, read_access_token
from api.core.errors import Forbidden, Unauthorized
from api.core.events import set_actor
from api.core.openapi import answers
from api.core.scope import Scope
from api.core.transactions import get_session

bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def rate_limits(request: Request) -> RateLimits:  # a helper, not a dependency
    limits: RateLimits = request.app.state.rate_limits
    return limits


def secret_hashing(request: Request) -> SecretHashing:  # a helper, not a dependency
    hashing: SecretHashing = request.app.state.secret_hashing
    return hashing


@answers(401, 429)
async def current_principal(
    request: Request, token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    if not token:
        raise Unauthorized(
            "Send a bearer token: POST /api/v1/auth/token to get one.", headers=CHALLENGE
        )
    claims = read_access_token(request.app.state.settings.signing_key, token)
    principal = await _principal_for(request, claims) if claims else None
    if principal is None:
        raise Unauthorized(
            "The token is invalid, expired or revoked; sign in again.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    limits = rate_limits(request)
    await limits.enforce_api("api", principal.actor)
    request.state.principal = principal
    request.state.actor = principal.actor  # sessions opened from now on act for it
    session: AsyncSession | None = getattr(request.state, "session", None)
    if session is not None:
        set_actor(session, principal.actor)
    return principal


async def _principal_for(request: Request, claims: AccessClaims) -> Principal | None:
    cache: PrincipalCache = request.app.state.principals
    key = (claims.kind, claims.subject_id, claims.session_id)
    principal = cache.get(key)
    if principal is None:
        generation = cache.generation
        principal = await load_principal(get_session(request), claims)
        if principal is not None:
            cache.put(key, principal, generation)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def current_scope(principal: CurrentPrincipal) -> Scope:
    return principal.scope


async def current_actor(principal: CurrentPrincipal) -> str:
    return principal.actor


@answers(403)
async def writable_scope(principal: CurrentPrincipal) -> Scope:
    if principal.scope.read_only:
        raise Forbidden("Your role can read but not change records.")
    return principal.scope


@answers(403)
async def require_admin(principal: CurrentPrincipal) -> Principal:
    if principal.role is not Role.admin:
        raise Forbidden("Only administrators can do this.")
    return principal


@answers(403)
async def directory_writer(principal: CurrentPrincipal) -> Scope:
    if principal.role not in (Role.admin, Role.district_manager, Role.coordinator):
        raise Forbidden("Your role can read the directory but not change it.")
    return principal.scope


@answers(403)
async def people_writer(principal: CurrentPrincipal) -> Scope:
    """People and their role assignments: school and district staff, and a partner
    organisation for its own staff (the services keep it to them)."""
    if principal.role not in (Role.admin, Role.district_manager, Role.coordinator, Role.partner):
        raise Forbidden("Your role can read people but not change them.")
    return principal.scope


CallerScope = Annotated[Scope, Depends(current_scope)]
WriteScope = Annotated[Scope, Depends(writable_scope)]
DirectoryWriteScope = Annotated[Scope, Depends(directory_writer)]
PeopleWriteScope = Annotated[Scope, Depends(people_writer)]
Actor = Annotated[str, Depends(current_actor)]
Admin = Annotated[Principal, Depends(require_admin)]
