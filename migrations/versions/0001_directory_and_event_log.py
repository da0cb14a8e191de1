"""directory and event log

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:49:36.532080
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('districts',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('nces_leaid', sa.String(length=7), nullable=True),
    sa.Column('state_district_id', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('agency_type', sa.String(length=80), nullable=True),
    sa.Column('locale_code', sa.SmallInteger(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('nces_leaid', name=op.f('uq_districts_nces_leaid')),
    sa.UniqueConstraint('state_district_id', name=op.f('uq_districts_state_district_id'))
    )
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.create_index('ix_districts_state_name', ['state', 'name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_districts_updated_at'), ['updated_at'], unique=False)

    op.create_table('events',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('resource', sa.String(length=64), nullable=False),
    sa.Column('resource_id', sa.Uuid(), nullable=False),
    sa.Column('operation', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('district_id', sa.Uuid(), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('partner_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_resource_seq', ['resource', 'seq'], unique=False)

    op.create_table('idempotency_keys',
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.SmallInteger(), nullable=False),
    sa.Column('headers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('owner', 'key', name=op.f('pk_idempotency_keys'))
    )
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_keys_created_at'), ['created_at'], unique=False)

    op.create_table('people',
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('preferred_channel', sa.String(length=20), nullable=True),
    sa.Column('social_handles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_by', sa.String(length=200), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('sis_id', sa.String(length=64), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('sis_id', name=op.f('uq_people_sis_id'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_email'), ['email'], unique=False)
        batch_op.create_index('ix_people_family_given', ['family_name', 'given_name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_verified_at'), ['verified_at'], unique=False)

    op.create_table('schools',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district_id', sa.Uuid(), nullable=False),
    sa.Column('nces_id', sa.String(length=12), nullable=True),
    sa.Column('state_school_id', sa.String(length=64), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('grade_low', sa.String(length=2), nullable=True),
    sa.Column('grade_high', sa.String(length=2), nullable=True),
    sa.Column('grade_low_rank', sa.SmallInteger(), nullable=True),
    sa.Column('grade_high_rank', sa.SmallInteger(), nullable=True),
    sa.Column('locale_code', sa.SmallInteger(), nullable=True),
    sa.Column('locale_type', sa.String(length=10), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_charter', sa.Boolean(), nullable=True),
    sa.Column('is_magnet', sa.Boolean(), nullable=True),
    sa.Column('is_title_i', sa.Boolean(), nullable=True),
    sa.Column('enrollment', sa.Integer(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('locale_code BETWEEN 11 AND 43', name=op.f('ck_schools_locale_code_range')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_schools_district_id_districts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('nces_id', name=op.f('uq_schools_nces_id')),
    sa.UniqueConstraint('state_school_id', name=op.f('uq_schools_state_school_id'))
    )
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schools_district_id'), ['district_id'], unique=False)
        batch_op.create_index('ix_schools_locale_type', ['locale_type'], unique=False)
        batch_op.create_index('ix_schools_name', ['name', 'id'], unique=False)
        batch_op.create_index('ix_schools_state_level_name', ['state', 'level', 'name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schools_updated_at'), ['updated_at'], unique=False)

    op.create_table('role_assignments',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('district_id', sa.Uuid(), nullable=True),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('subjects', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('grade_levels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(CASE WHEN school_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN district_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_role_assignments_exactly_one_place')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_role_assignments_district_id_districts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_role_assignments_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_role_assignments_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignments'))
    )
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignments_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignments_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignments_role'), ['role'], unique=False)
        batch_op.create_index('ix_role_assignments_school_role', ['school_id', 'role'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignments_updated_at'), ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignments_updated_at'))
        batch_op.drop_index('ix_role_assignments_school_role')
        batch_op.drop_index(batch_op.f('ix_role_assignments_role'))
        batch_op.drop_index(batch_op.f('ix_role_assignments_person_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignments_district_id'))

    op.drop_table('role_assignments')
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schools_updated_at'))
        batch_op.drop_index('ix_schools_state_level_name')
        batch_op.drop_index('ix_schools_name')
        batch_op.drop_index('ix_schools_locale_type')
        batch_op.drop_index(batch_op.f('ix_schools_district_id'))

    op.drop_table('schools')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_verified_at'))
        batch_op.drop_index(batch_op.f('ix_people_updated_at'))
        batch_op.drop_index('ix_people_family_given')
        batch_op.drop_index(batch_op.f('ix_people_email'))

    op.drop_table('people')
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_keys_created_at'))

    op.drop_table('idempotency_keys')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_resource_seq')

    op.drop_table('events')
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_districts_updated_at'))
        batch_op.drop_index('ix_districts_state_name')

    op.drop_table('districts')
