"""OneRoster keys: each imported org, user and role keeps its sourcedId and dateLastModified

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYED = ("districts", "schools", "role_assignments")
DATED = ("districts", "schools", "people", "role_assignments")


def upgrade() -> None:
    for table in DATED:
        with op.batch_alter_table(table) as batch:
            if table in KEYED:
                batch.add_column(sa.Column("oneroster_id", sa.String(length=255), nullable=True))
                batch.create_unique_constraint(f"uq_{table}_oneroster_id", ["oneroster_id"])
            batch.add_column(sa.Column("oneroster_modified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in DATED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("oneroster_modified_at")
            if table in KEYED:
                batch.drop_constraint(f"uq_{table}_oneroster_id", type_="unique")
                batch.drop_column("oneroster_id")
