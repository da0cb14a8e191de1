import { Anchor, Button, Group, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { AgreementRead } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { Fields } from '../../components/fields';
import { Section } from '../../components/section';
import { daysUntil, formatDate, humanize } from '../../lib/format';
import { useSchoolNames } from '../../lib/use-school-names';
import { useCanWrite } from '../auth/permissions';
import { StatusBadge } from './labels';
import { usePartnerNames } from './use-partner-names';
import { usePeopleNames } from './use-people';

/** Statuses whose agreement can still change (a draft wholly; proposed and active, the working fields). */
const EDITABLE = ['draft', 'proposed', 'active'];

export function AgreementHeader({ agreement }: { agreement: AgreementRead }) {
  const partner = usePartnerNames([agreement.partner_id]);
  const schools = useSchoolNames(agreement.school_ids);
  const ends = daysUntil(agreement.end_date);
  return (
    <>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1}>{agreement.title}</Title>
          <StatusBadge status={agreement.status} />
        </Group>
        {EDITABLE.includes(agreement.status) && (
          <Button component={Link} to={`/agreements/${agreement.id}/edit`} variant="default" size="compact-sm">
            Edit
          </Button>
        )}
      </Group>
      <Text mb="md">
        With{' '}
        <Anchor component={Link} to={`/partners/${agreement.partner_id}`}>
          {partner.get(agreement.partner_id)}
        </Anchor>
        {agreement.reference_code ? ` · ${agreement.reference_code}` : ''} · {formatDate(agreement.start_date)} to{' '}
        {formatDate(agreement.end_date)}
        {agreement.status === 'active' && ends >= 0 && ends <= 60 ? ` (ends in ${ends} days)` : ''}
      </Text>
      <Section title="Terms">
        <Fields
          items={[
            [
              'Schools',
              agreement.school_ids.length === 0
                ? 'District-wide'
                : agreement.school_ids.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <Anchor component={Link} to={`/schools/${id}`}>
                        {schools.get(id)}
                      </Anchor>
                    </span>
                  )),
            ],
            ['Signed', formatDate(agreement.signed_date)],
            [
              'Document',
              agreement.document_url ? (
                <Anchor href={agreement.document_url} target="_blank" rel="noreferrer">
                  Signed document
                </Anchor>
              ) : null,
            ],
            ['Status changed', agreement.status_changed_at ? formatDate(agreement.status_changed_at) : null],
            ['Reason', agreement.status_reason],
            [
              'Renewal',
              agreement.renewed_by_id ? (
                <Anchor component={Link} to={`/agreements/${agreement.renewed_by_id}`}>
                  Next term
                </Anchor>
              ) : agreement.renews_id ? (
                <Anchor component={Link} to={`/agreements/${agreement.renews_id}`}>
                  Previous term
                </Anchor>
              ) : null,
            ],
          ]}
        />
      </Section>
    </>
  );
}

/** What to say, and offer, when an agreement lists no services or no resources. */
function useMissingTerms(agreement: AgreementRead) {
  const canWrite = useCanWrite();
  const draft = agreement.status === 'draft';
  const action =
    draft && canWrite ? (
      <Button component={Link} to={`/agreements/${agreement.id}/edit`} size="xs" variant="default">
        Edit the draft
      </Button>
    ) : undefined;
  const note = draft
    ? 'Add them while it is a draft.'
    : agreement.allowed_actions.includes('renew')
      ? 'They are part of the terms: renew the agreement to change them.'
      : '';
  return { action, note };
}

export function ServicesAndResources({ agreement }: { agreement: AgreementRead }) {
  const missing = useMissingTerms(agreement);
  return (
    <Section title="Services">
      <DataTable
        label="Services"
        minWidth={300}
        mb="md"
        columns={[
          { label: 'Category' },
          { label: 'Description' },
          { label: 'Grades', visibleFrom: 'sm', fold: (s) => (s.grade_levels?.length ? `Grades ${s.grade_levels.join(', ')}` : null) },
          { label: 'Frequency', visibleFrom: 'sm', fold: (s) => s.frequency },
          { label: 'Students', align: 'right', visibleFrom: 'sm', fold: (s) => (s.target_students != null ? `${s.target_students} students` : null) },
        ]}
        empty={`No services listed. ${missing.note}`.trim()}
        emptyAction={missing.action}
        items={agreement.services}
        row={(s, _index, folded) => (
          <Table.Tr key={s.id}>
            <Table.Td>
              {humanize(s.category)}
              {folded}
            </Table.Td>
            <Table.Td>{s.description ?? '—'}</Table.Td>
            <Table.Td visibleFrom="sm">{s.grade_levels?.join(', ') || '—'}</Table.Td>
            <Table.Td visibleFrom="sm">{s.frequency ?? '—'}</Table.Td>
            <Table.Td visibleFrom="sm" style={{ textAlign: 'right' }}>
              {s.target_students ?? '—'}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <Title order={2} size="h4" mb="sm">
        Resources
      </Title>
      <DataTable
        label="Resources"
        minWidth={300}
        columns={[{ label: 'Type' }, { label: 'Amount', align: 'right' }, { label: 'Note', visibleFrom: 'sm', fold: (r) => r.note }]}
        empty={`No resources listed. ${missing.note}`.trim()}
        emptyAction={missing.action}
        items={agreement.resources}
        row={(r, _index, folded) => (
          <Table.Tr key={r.id}>
            <Table.Td>
              {humanize(r.type)}
              {folded}
            </Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>
              {r.unit === 'USD'
                ? Number(r.amount).toLocaleString(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
                : `${Number(r.amount).toLocaleString()} ${r.unit}`}
            </Table.Td>
            <Table.Td visibleFrom="sm">{r.note ?? '—'}</Table.Td>
          </Table.Tr>
        )}
      />
    </Section>
  );
}

export function CommunicationPlan({ agreement }: { agreement: AgreementRead }) {
  const plan = agreement.communication_plan;
  const names = usePeopleNames([plan.partner_contact_id, plan.school_contact_id, plan.escalation_contact_id]);
  const person = (id: string | null | undefined) =>
    id ? (
      <Anchor component={Link} to={`/people/${id}`}>
        {names.get(id)}
      </Anchor>
    ) : null;
  const health = agreement.health;
  return (
    <Section title="Communication plan">
      <Fields
        items={[
          ['Cadence', humanize(plan.cadence)],
          ['Channels', (plan.channels ?? []).map(humanize).join(', ')],
          ['Next meeting', formatDate(plan.next_meeting_date)],
          ['Partner contact', person(plan.partner_contact_id)],
          ['School contact', person(plan.school_contact_id)],
          ['Escalation contact', person(plan.escalation_contact_id)],
          [
            'Last interaction',
            health.last_interaction_on
              ? `${formatDate(health.last_interaction_on)} (${health.days_since_last_interaction} days ago)`
              : 'None yet',
          ],
          [
            'Check-ins',
            health.overdue ? (
              <Text span c="red.9" fw={600}>
                Overdue
              </Text>
            ) : (
              'On track'
            ),
          ],
          ['Open action items', `${health.open_action_items} (${health.overdue_action_items} overdue)`],
        ]}
      />
    </Section>
  );
}
