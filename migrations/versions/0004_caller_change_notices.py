"""caller change notices: NOTIFY trellis_callers when a user, API client or sign-in changes

Every API process caches the callers it has loaded and forgets one when its id
arrives on this channel (api/auth/revocations.py). The triggers fire on any
change, whoever makes it (the API, the CLI or psql), and PostgreSQL delivers the
notice when the transaction commits. SQLite has no NOTIFY; there the cache is off.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE FUNCTION trellis_notify_caller_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('trellis_callers', (to_jsonb(OLD) ->> TG_ARGV[0]));
    RETURN NULL;
END
$$
"""
# (table, the column that names the cached caller: a user, a client or a sign-in)
TABLES = (("users", "id"), ("api_clients", "id"), ("refresh_tokens", "family_id"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table, column in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_caller_change "
            f"AFTER UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION trellis_notify_caller_change('{column}')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, _ in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_caller_change ON {table}")
    op.execute("DROP FUNCTION IF EXISTS trellis_notify_caller_change()")
