import datetime as dt
import uuid
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from api.auth.roles import Role
from api.core.schemas import Email, MergePatch, RecordRead, RequestModel

Password = Annotated[str, StringConstraints(min_length=12, max_length=200)]
DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = Field(None, description="Password grant only; single use, rotated.")


class GrantFields(BaseModel):
    role: Role
    district_ids: list[uuid.UUID] = Field(
        default_factory=list, description="district_manager, viewer"
    )
    school_ids: list[uuid.UUID] = Field(default_factory=list, description="coordinator, viewer")
    partner_id: uuid.UUID | None = Field(None, description="partner")


class GrantRequest(GrantFields, RequestModel):
    @model_validator(mode="after")
    def grant_fits_role(self) -> Self:
        needs = {
            Role.district_manager: bool(self.district_ids),
            Role.coordinator: bool(self.school_ids),
            Role.partner: self.partner_id is not None,
            Role.viewer: bool(self.district_ids or self.school_ids),
            Role.admin: True,
        }
        if not needs[self.role]:
            raise ValueError(
                f"a {self.role.value} needs the districts, schools or partner they work in"
            )
        return self


class MeRead(BaseModel):
    kind: str = Field(description="`user` or `client`.")
    id: uuid.UUID
    name: str
    email: str | None = Field(
        None, description="The user's sign-in email; null for an API client, which has none."
    )
    role: Role
    person_id: uuid.UUID | None = Field(
        None, description="The directory contact this account belongs to, if linked."
    )
    everything: bool = Field(description="True for administrators.")
    district_ids: list[uuid.UUID]
    school_ids: list[uuid.UUID]
    partner_ids: list[uuid.UUID]
    read_only: bool


class UserCreate(GrantRequest):
    email: Email
    display_name: DisplayName
    password: Password
    person_id: uuid.UUID | None = None


class UserUpdate(MergePatch):
    required_fields: ClassVar[frozenset[str]] = frozenset(
        {"display_name", "password", "role", "district_ids", "school_ids", "is_active"}
    )

    display_name: DisplayName | None = None
    password: Password | None = None
    role: Role | None = None
    district_ids: list[uuid.UUID] | None = None
    school_ids: list[uuid.UUID] | None = None
    partner_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    is_active: bool | None = None


class UserRead(GrantFields, RecordRead):
    email: str
    display_name: str
    is_active: bool
    person_id: uuid.UUID | None
    last_login_at: dt.datetime | None


class ApiClientCreate(GrantRequest):
    name: DisplayName


class ApiClientRead(GrantFields, RecordRead):
    name: str
    client_id: str
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    created_by: str


class ApiClientWithSecret(ApiClientRead):
    client_secret: str = Field(description="Shown once; store it now. Only a hash is kept.")
