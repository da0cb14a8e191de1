"""Every knob is an environment variable with the TRELLIS_ prefix."""

import os
from enum import StrEnum
from functools import lru_cache

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SIGNING_KEY = "development-only-signing-key-change-me"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRELLIS_", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = "sqlite+aiosqlite:///./trellis.db"
    # Per API process. A request holds its connection until it answers, so the pool
    # should cover the requests one process serves at once; two processes at these
    # sizes stay inside PostgreSQL's default max_connections (100).
    read_database_url: str | None = Field(
        None,
        description="A PostgreSQL standby that GET and HEAD requests read from (writes, "
        "sign-in and workers use the primary): a caller may read its own write up to the "
        "standby's replication lag later.",
    )
    db_pool_size: int = Field(20, ge=1)
    db_max_overflow: int = Field(20, ge=0)
    log_level: str = "INFO"
    access_log: bool = True
    cors_origins: list[str] = Field(
        default_factory=lambda: ["http://127.0.0.1:5173", "http://localhost:5173"]
    )
    redis_url: str | None = None
    signing_key: str = DEVELOPMENT_SIGNING_KEY
    max_body_bytes: int = Field(1024 * 1024, description="Largest request body accepted.")
    bulk_max_body_bytes: int = Field(
        16 * 1024 * 1024, description="Largest body accepted by the /bulk upsert endpoints."
    )
    bulk_max_rows: int = 5000
    access_token_minutes: int = Field(15, ge=1)
    refresh_token_days: int = Field(14, ge=1)
    api_rate_limit: str = Field("1200/minute", description="Per user or API client.")
    token_rate_limit: str = Field("60/minute", description="Token requests per address.")
    login_failures_per_account: int = Field(
        10, ge=1, description="Failed sign-ins to one account from one address."
    )
    login_failures_per_address: int = Field(
        50, ge=1, description="Failed sign-ins from one address, to any accounts."
    )
    login_lock_seconds: int = Field(900, ge=1, description="How long failed logins count.")
    # An Argon2 hash runs its 4 lanes in 4 threads (argon2-cffi's default parallelism),
    # so one hash at a time per 4 CPUs keeps cores free for everything else.
    secret_hashes_at_once: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 1) // 4),
        ge=1,
        description="Password and client-secret hashes computed at once, in worker threads "
        "(about 0.4 s each); more wait their turn. Default: one per 4 CPUs.",
    )
    idempotency_key_hours: float = Field(
        24, gt=0, description="How long a POST's answer is replayed to a retry with its key."
    )
    caller_cache_seconds: float = Field(
        60,
        ge=0,
        description="How long a loaded caller is reused (PostgreSQL only; changes to users, "
        "clients and sign-ins evict it at once). 0 queries on every request.",
    )
    import_max_file_bytes: int = Field(
        15 * 1024 * 1024, gt=0, description="Largest file `POST /imports` takes (413 above)."
    )
    import_inline_max_bytes: int = Field(
        512 * 1024,
        ge=0,
        description="Imports of files up to this size run in the request; "
        "larger ones are queued for `trellis worker`.",
    )
    webhook_allow_private: bool = Field(
        False,
        description="Let webhooks reach private, loopback and link-local addresses "
        "(development and tests only).",
    )
    webhook_timeout_seconds: float = Field(10, gt=0, le=60, description="Per delivery attempt.")
    webhook_retry_hours: float = Field(
        24, gt=0, description="How long a failing delivery is retried before it is given up."
    )
    webhook_first_retry_seconds: float = Field(
        5, gt=0, description="The first retry's delay; each later one doubles, up to an hour."
    )
    # High, so a receiver down for minutes under heavy traffic is not disabled: the rule of
    # a whole retry window of failures is the one that usually applies.
    webhook_disable_after_failures: int = Field(
        10_000,
        ge=1,
        description="Consecutive failed attempts after which a subscription is disabled "
        "(it is also disabled once every attempt has failed for `webhook_retry_hours`).",
    )
    webhook_claim_seconds: float = Field(
        120,
        gt=0,
        description="How long a worker holds the deliveries it claimed; a stopped worker's "
        "claims are taken by another after this.",
    )

    @model_validator(mode="after")
    def refuse_development_key_outside_development(self) -> "Settings":
        if (
            self.environment is Environment.production
            and self.signing_key == DEVELOPMENT_SIGNING_KEY
        ):
            raise ValueError("TRELLIS_SIGNING_KEY must be set to a secret outside development")
        return self

    @property
    def async_database_url(self) -> str:
        return to_async_url(self.database_url)

    @property
    def async_read_database_url(self) -> str | None:
        return to_async_url(self.read_database_url) if self.read_database_url else None


def to_async_url(url: str) -> str:
    """Accept the sync spellings people paste and pick the async driver."""
    replacements = {
        "postgresql://": "postgresql+asyncpg://",
        "postgres://": "postgresql+asyncpg://",
        "sqlite://": "sqlite+aiosqlite://",
        "sqlite+pysqlite://": "sqlite+aiosqlite://",
    }
    for prefix, async_prefix in replacements.items():
        if url.startswith(prefix):
            return async_prefix + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
