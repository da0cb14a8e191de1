"""partners and agreements

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 21:34:54.978141
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('partners',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('focus_areas', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ein', sa.String(length=10), nullable=True),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('ein', name=op.f('uq_partners_ein')),
    sa.UniqueConstraint('external_id', name=op.f('uq_partners_external_id'))
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_partners_name', ['name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partners_updated_at'), ['updated_at'], unique=False)

    op.create_table('agreements',
    sa.Column('partner_id', sa.Uuid(), nullable=False),
    sa.Column('district_id', sa.Uuid(), nullable=False),
    sa.Column('district_wide', sa.Boolean(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reference_code', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('signed_date', sa.Date(), nullable=True),
    sa.Column('document_url', sa.String(length=500), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('terminated_on', sa.Date(), nullable=True),
    sa.Column('renews_id', sa.Uuid(), nullable=True),
    sa.Column('cadence', sa.String(length=20), nullable=True),
    sa.Column('channels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('school_contact_id', sa.Uuid(), nullable=True),
    sa.Column('partner_contact_id', sa.Uuid(), nullable=True),
    sa.Column('escalation_contact_id', sa.Uuid(), nullable=True),
    sa.Column('next_meeting_date', sa.Date(), nullable=True),
    sa.Column('last_interaction_on', sa.Date(), nullable=True),
    sa.Column('students_target', sa.Integer(), nullable=False),
    sa.Column('funding_usd', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('in_kind_usd', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('volunteer_hours', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('staff_hours', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_agreements_dates_in_order')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_agreements_district_id_districts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['escalation_contact_id'], ['people.id'], name=op.f('fk_agreements_escalation_contact_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_contact_id'], ['people.id'], name=op.f('fk_agreements_partner_contact_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_agreements_partner_id_partners'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['renews_id'], ['agreements.id'], name=op.f('fk_agreements_renews_id_agreements'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['school_contact_id'], ['people.id'], name=op.f('fk_agreements_school_contact_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    sa.UniqueConstraint('reference_code', name=op.f('uq_agreements_reference_code'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_district_id'), ['district_id'], unique=False)
        batch_op.create_index('ix_agreements_end_date', ['end_date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreements_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index('ix_agreements_status_end', ['status', 'end_date', 'id'], unique=False)
        batch_op.create_index('ix_agreements_title', ['title', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreements_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('uq_agreements_renews_id', ['renews_id'], unique=True, postgresql_where=sa.text("status <> 'withdrawn'"), sqlite_where=sa.text("status <> 'withdrawn'"))

    op.create_table('agreement_resources',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_resources_agreement_id_agreements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_resources'))
    )
    with op.batch_alter_table('agreement_resources', schema=None) as batch_op:
        batch_op.create_index('ix_agreement_resources_agreement', ['agreement_id', 'position'], unique=False)

    op.create_table('agreement_schools',
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_schools_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_agreement_schools_school_id_schools'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('agreement_id', 'school_id', name=op.f('pk_agreement_schools'))
    )
    with op.batch_alter_table('agreement_schools', schema=None) as batch_op:
        batch_op.create_index('ix_agreement_schools_school', ['school_id', 'agreement_id'], unique=False)

    op.create_table('agreement_services',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=True),
    sa.Column('grade_levels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('target_students', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_services_agreement_id_agreements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_services'))
    )
    with op.batch_alter_table('agreement_services', schema=None) as batch_op:
        batch_op.create_index('ix_agreement_services_agreement', ['agreement_id', 'position'], unique=False)
        batch_op.create_index('ix_agreement_services_category', ['category', 'agreement_id'], unique=False)

    op.create_table('interactions',
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=True),
    sa.Column('duration_minutes', sa.SmallInteger(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('decisions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_interactions_agreement_id_agreements'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interactions'))
    )
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.create_index('ix_interactions_agreement_on', ['agreement_id', 'occurred_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_updated_at'), ['updated_at'], unique=False)

    op.create_table('action_items',
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_action_items_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_action_items_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_action_items_owner_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index('ix_action_items_agreement_open', ['agreement_id', 'done', 'due_date'], unique=False)
        batch_op.create_index('ix_action_items_interaction', ['interaction_id'], unique=False)
        batch_op.create_index('ix_action_items_owner_open_due', ['owner_id', 'done', 'due_date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_updated_at'), ['updated_at'], unique=False)

    op.create_table('interaction_attendees',
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_interaction_attendees_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_interaction_attendees_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interaction_id', 'person_id', name=op.f('pk_interaction_attendees'))
    )
    with op.batch_alter_table('interaction_attendees', schema=None) as batch_op:
        batch_op.create_index('ix_interaction_attendees_person', ['person_id'], unique=False)

    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_id', sa.Uuid(), nullable=True))
        batch_op.create_index('ix_role_assignments_partner_role', ['partner_id', 'role'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_role_assignments_partner_id_partners'), 'partners', ['partner_id'], ['id'], ondelete='CASCADE')
        # A role is held at exactly one of a school, a district or (now) a partner.
        batch_op.drop_constraint(batch_op.f('ck_role_assignments_exactly_one_place'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_role_assignments_exactly_one_place'),
            '(CASE WHEN school_id IS NULL THEN 0 ELSE 1 END)'
            ' + (CASE WHEN district_id IS NULL THEN 0 ELSE 1 END)'
            ' + (CASE WHEN partner_id IS NULL THEN 0 ELSE 1 END) = 1',
        )



def downgrade() -> None:
    # The old constraint has no room for partner staff, so their assignments go.
    op.execute('DELETE FROM role_assignments WHERE partner_id IS NOT NULL')
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_role_assignments_exactly_one_place'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_role_assignments_exactly_one_place'),
            '(CASE WHEN school_id IS NULL THEN 0 ELSE 1 END)'
            ' + (CASE WHEN district_id IS NULL THEN 0 ELSE 1 END) = 1',
        )
        batch_op.drop_constraint(batch_op.f('fk_role_assignments_partner_id_partners'), type_='foreignkey')
        batch_op.drop_index('ix_role_assignments_partner_role')
        batch_op.drop_column('partner_id')

    with op.batch_alter_table('interaction_attendees', schema=None) as batch_op:
        batch_op.drop_index('ix_interaction_attendees_person')

    op.drop_table('interaction_attendees')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_updated_at'))
        batch_op.drop_index('ix_action_items_owner_open_due')
        batch_op.drop_index('ix_action_items_interaction')
        batch_op.drop_index('ix_action_items_agreement_open')

    op.drop_table('action_items')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interactions_updated_at'))
        batch_op.drop_index('ix_interactions_agreement_on')

    op.drop_table('interactions')
    with op.batch_alter_table('agreement_services', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_services_category')
        batch_op.drop_index('ix_agreement_services_agreement')

    op.drop_table('agreement_services')
    with op.batch_alter_table('agreement_schools', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_schools_school')

    op.drop_table('agreement_schools')
    with op.batch_alter_table('agreement_resources', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_resources_agreement')

    op.drop_table('agreement_resources')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index('uq_agreements_renews_id', postgresql_where=sa.text("status <> 'withdrawn'"), sqlite_where=sa.text("status <> 'withdrawn'"))
        batch_op.drop_index(batch_op.f('ix_agreements_updated_at'))
        batch_op.drop_index('ix_agreements_title')
        batch_op.drop_index('ix_agreements_status_end')
        batch_op.drop_index(batch_op.f('ix_agreements_partner_id'))
        batch_op.drop_index('ix_agreements_end_date')
        batch_op.drop_index(batch_op.f('ix_agreements_district_id'))

    op.drop_table('agreements')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partners_updated_at'))
        batch_op.drop_index('ix_partners_name')
        batch_op.drop_index(batch_op.f('ix_partners_kind'))

    op.drop_table('partners')
