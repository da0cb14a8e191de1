import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sqlalchemy import select
from starlette.responses import Response

from api.auth import accounts, grants
from api.auth.deps import Admin, CurrentPrincipal, rate_limits, secret_hashing
from api.auth.models import ApiClient, User
from api.auth.principals import Principal
from api.auth.schemas import (
    ApiClientCreate,
    ApiClientRead,
    ApiClientWithSecret,
    MeRead,
    TokenResponse,
    UserCreate,
    UserRead,
    UserUpdate,
)
from api.auth.tokens import issue_access_token
from api.core.errors import render_problem
from api.core.etag import check_if_match
from api.core.http import fields_of, record_response
from api.core.openapi import IF_MATCH, IF_NONE_MATCH
from api.core.responses import FastJSONResponse
from api.core.transactions import NonIdempotentRoute, Session
from api.settings import Environment

REFRESH_COOKIE = "trellis_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"
# Sign-in and account routes answer with tokens and secrets: none takes an Idempotency-Key.
public = APIRouter(prefix="/auth", route_class=NonIdempotentRoute, tags=["auth"])
router = APIRouter(route_class=NonIdempotentRoute, tags=["auth"])
# Administrators' account management, rarely called: the app matches it after the areas.
admin_router = APIRouter(route_class=NonIdempotentRoute, tags=["auth"])
basic = HTTPBasic(auto_error=False)
OAUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "OAuth2 error (`error`, `error_description`)."},
    401: {"description": "Bad client credentials."},
    429: {"description": "Too many attempts."},
}


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _access(
    request: Request, kind: str, subject: uuid.UUID, session_id: uuid.UUID | None = None
) -> tuple[str, int]:
    settings = request.app.state.settings
    token = issue_access_token(
        settings.signing_key, kind, subject, settings.access_token_minutes, session_id
    )
    return token, settings.access_token_minutes * 60


# Client credentials may come as HTTP Basic; people and form clients send none.
@public.post(
    "/token",
    response_model=TokenResponse,
    responses=OAUTH_ERRORS,
    openapi_extra={"security": [{}]},
)
async def issue_token(
    request: Request,
    session: Session,
    grant_type: Annotated[
        str, Form(description="`password`, `refresh_token` or `client_credentials`.")
    ],
    username: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form()] = None,
    refresh_token: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    scope: Annotated[
        str | None, Form(description="Ignored; your scope comes from your role.")
    ] = None,
    refresh_cookie: Annotated[
        bool,
        Form(
            description="Browsers: keep the refresh token in an HttpOnly cookie, out of reach "
            "of page scripts, instead of returning it in the body."
        ),
    ] = False,
    basic_credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)] = None,
) -> Response:
    """OAuth2 token endpoint: the password grant for people (with a rotating refresh token),
    the refresh_token grant, and client credentials for district systems and scripts
    (in the form or as HTTP Basic, as Ed-Fi clients send them)."""
    limits = rate_limits(request)
    address = _client_address(request)
    await limits.enforce(limits.token, "token", address)
    settings = request.app.state.settings
    if grant_type == "password":
        if not username or not password:
            raise grants.OAuthError(
                "invalid_request", "The password grant needs username and password."
            )
        account = username.strip().lower()
        # Failures count per account and address: an attacker's guesses slow the attacker,
        # while the owner signing in from elsewhere is never locked out.
        await limits.refuse_if_exhausted(limits.account_failures, "login-account", account, address)
        await limits.refuse_if_exhausted(limits.address_failures, "login-address", address)
        user = await grants.authenticate_user(session, account, password, secret_hashing(request))
        if user is None:
            await limits.count(limits.account_failures, "login-account", account, address)
            await limits.count(limits.address_failures, "login-address", address)
            raise grants.invalid_grant()
        await limits.reset(limits.account_failures, "login-account", account, address)
        issued = await grants.issue_refresh(session, user.id, settings.refresh_token_days)
        return _user_tokens(request, user.id, issued, refresh_cookie)
    if grant_type == "refresh_token":
        from_cookie = refresh_token is None and REFRESH_COOKIE in request.cookies
        refresh_token = refresh_token or request.cookies.get(REFRESH_COOKIE)
        if not refresh_token:
            raise grants.OAuthError(
                "invalid_request", "The refresh_token grant needs refresh_token."
            )
        try:
            spent = await grants.rotate_refresh(session, refresh_token)
        except grants.ReusedRefreshToken:
            # Returned, not raised, so the family's revocation is committed.
            return render_problem(
                request,
                grants.OAuthError(
                    "invalid_grant",
                    "This refresh token was already used; the whole sign-in is revoked.",
                ),
            )
        user = await session.scalar(
            select(User).where(User.id == spent.user_id, User.is_active.is_(True))
        )
        if user is None:
            raise grants.invalid_grant()
        issued = await grants.issue_refresh(
            session, user.id, settings.refresh_token_days, spent.family_id
        )
        return _user_tokens(request, user.id, issued, refresh_cookie or from_cookie)
    if grant_type == "client_credentials":
        if basic_credentials is not None:
            client_id, client_secret = basic_credentials.username, basic_credentials.password
        if not client_id or not client_secret:
            raise grants.invalid_client()
        client = await grants.authenticate_client(
            session, client_id, client_secret, secret_hashing(request)
        )
        access, expires = _access(request, "client", client.id)
        return FastJSONResponse(TokenResponse(access_token=access, expires_in=expires).model_dump())
    raise grants.OAuthError("unsupported_grant_type", f"Unsupported grant_type '{grant_type}'.")


def _user_tokens(
    request: Request, user_id: uuid.UUID, issued: grants.IssuedRefresh, as_cookie: bool
) -> Response:
    access, expires = _access(request, "user", user_id, issued.family_id)
    body = TokenResponse(
        access_token=access, expires_in=expires, refresh_token=None if as_cookie else issued.token
    )
    response = FastJSONResponse(body.model_dump())
    if as_cookie:
        settings = request.app.state.settings
        response.set_cookie(
            REFRESH_COOKIE,
            issued.token,
            max_age=settings.refresh_token_days * 86400,
            path=REFRESH_COOKIE_PATH,
            httponly=True,
            secure=settings.environment is Environment.production,
            samesite="strict",
        )
    return response


@router.post("/auth/logout", status_code=204)
async def logout(session: Session, principal: CurrentPrincipal) -> Response:
    """Sign out: revokes this sign-in's refresh tokens, and with them its access tokens."""
    if principal.session_id is not None:
        await grants.revoke_family(session, principal.session_id)
    response = Response(status_code=204)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
    return response


@router.get("/me", response_model=MeRead)
async def get_me(principal: CurrentPrincipal) -> MeRead:
    """Who I am, my role and my scope."""
    return _me(principal)


def _me(principal: Principal) -> MeRead:
    scope = principal.scope
    return MeRead(
        kind=principal.kind,
        id=principal.id,
        name=principal.name,
        email=principal.email,
        role=principal.role,
        person_id=principal.person_id,
        everything=scope.everything,
        district_ids=sorted(scope.district_ids),
        school_ids=sorted(scope.school_ids),
        partner_ids=sorted(scope.partner_ids),
        read_only=scope.read_only,
    )


@admin_router.get("/users", response_model=list[UserRead])
async def list_users(session: Session, admin: Admin) -> list[UserRead]:
    """Every user account (administrators)."""
    users = await session.scalars(select(User).order_by(User.email))
    return [UserRead.model_validate(user) for user in users]


@admin_router.post("/users", status_code=201, response_model=UserRead)
async def create_user(
    request: Request, session: Session, admin: Admin, body: UserCreate
) -> Response:
    """Create a user with a role and the districts, schools or partner they work in."""
    user = await accounts.create_user(session, body, secret_hashing(request))
    location = str(request.url_for("get_user", user_id=user.id))
    return record_response(request, fields_of(user, UserRead), status_code=201, location=location)


@admin_router.get("/users/{user_id:uuid}", response_model=UserRead, openapi_extra=IF_NONE_MATCH)
async def get_user(
    request: Request, session: Session, admin: Admin, user_id: uuid.UUID
) -> Response:
    """One user account."""
    return record_response(request, fields_of(await accounts.get_user(session, user_id), UserRead))


@admin_router.patch("/users/{user_id:uuid}", response_model=UserRead, openapi_extra=IF_MATCH)
async def update_user(
    request: Request, session: Session, admin: Admin, user_id: uuid.UUID, body: UserUpdate
) -> Response:
    """Change a user's role, scope or password, or deactivate them (signs them out everywhere)."""
    user = await accounts.get_user(session, user_id)
    check_if_match(request, user.version)
    await accounts.update_user(session, user, body, secret_hashing(request))
    return record_response(request, fields_of(user, UserRead))


@admin_router.get("/api-clients", response_model=list[ApiClientRead])
async def list_api_clients(session: Session, admin: Admin) -> list[ApiClientRead]:
    """Every API client, with when it was last used."""
    clients = await session.scalars(select(ApiClient).order_by(ApiClient.name))
    return [ApiClientRead.model_validate(client) for client in clients]


@admin_router.post("/api-clients", status_code=201, response_model=ApiClientWithSecret)
async def create_api_client(
    request: Request, session: Session, admin: Admin, body: ApiClientCreate
) -> Response:
    """Create a client for a district system or script; the secret is in this answer only."""
    hashing = secret_hashing(request)
    client, secret = await accounts.create_client(session, body, admin.actor, hashing)
    body_out = fields_of(client, ApiClientRead) | {"client_secret": secret}
    location = str(request.url_for("get_api_client", api_client_id=client.id))
    return record_response(request, body_out, status_code=201, location=location)


@admin_router.get(
    "/api-clients/{api_client_id:uuid}", response_model=ApiClientRead, openapi_extra=IF_NONE_MATCH
)
async def get_api_client(
    request: Request, session: Session, admin: Admin, api_client_id: uuid.UUID
) -> Response:
    """One API client."""
    return record_response(
        request, fields_of(await accounts.get_client(session, api_client_id), ApiClientRead)
    )


@admin_router.post("/api-clients/{api_client_id:uuid}/rotate", response_model=ApiClientWithSecret)
async def rotate_api_client_secret(
    request: Request, session: Session, admin: Admin, api_client_id: uuid.UUID
) -> Response:
    """Issue a new secret (shown once); the old one stops working at once."""
    client = await accounts.get_client(session, api_client_id)
    secret = await accounts.rotate_client_secret(session, client, secret_hashing(request))
    return record_response(request, fields_of(client, ApiClientRead) | {"client_secret": secret})


@admin_router.post("/api-clients/{api_client_id:uuid}/revoke", response_model=ApiClientRead)
async def revoke_api_client(
    request: Request, session: Session, admin: Admin, api_client_id: uuid.UUID
) -> Response:
    """Revoke a client; its tokens stop working on the next request."""
    client = await accounts.get_client(session, api_client_id)
    await accounts.revoke_client(session, client)
    return record_response(request, fields_of(client, ApiClientRead))
