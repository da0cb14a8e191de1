"""forget stored answers: sign-in and API-client answers were kept with their secrets

Until now a POST to `/auth/token`, `/api-clients` or `/api-clients/{id}/rotate` with an
`Idempotency-Key` stored its answer, access tokens and client secrets in clear, to replay
it. Those routes no longer take the header; the stored answers go, all of them, since
their rows do not say which route they answered. A retry spanning the upgrade is then
not replayed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute('DELETE FROM idempotency_keys')


def downgrade() -> None:
    # Nothing to restore: the deleted answers were retries' copies, and held secrets.
    pass
