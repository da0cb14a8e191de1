import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPartnerPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerRead } from '../../api/gen/types.gen';
import { AddableSection } from '../../components/addable-section';
import { DataTable } from '../../components/data-table';
import { Fields } from '../../components/fields';
import { Section } from '../../components/section';
import { fullName, humanize, verifiedLabel } from '../../lib/format';
import { PartnerStaffForm } from './partner-staff-form';

export function PartnerProfile({ partner }: { partner: PartnerRead }) {
  return (
    <>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1}>{partner.name}</Title>
        <Button component={Link} to={`/partners/${partner.id}/edit`} variant="default">
          Edit
        </Button>
      </Group>
      <Text mb="xs">
        {humanize(partner.kind)} · {humanize(partner.status)}
      </Text>
      <Group gap={4} mb="md">
        {(partner.focus_areas ?? []).map((f) => (
          <Badge key={f} variant="outline" color="gray.8">
            {humanize(f)}
          </Badge>
        ))}
      </Group>
      <Section title="Profile">
        {partner.description && <Text mb="sm">{partner.description}</Text>}
        <Fields
          items={[
            ['Address', [partner.street, partner.city, [partner.state, partner.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ')],
            ['Email', partner.email ? <Anchor href={`mailto:${partner.email}`}>{partner.email}</Anchor> : null],
            ['Phone', partner.phone ? <span className="nowrap">{partner.phone}</span> : null],
            ['Website', partner.website ? <Anchor href={partner.website} target="_blank" rel="noreferrer">{partner.website}</Anchor> : null],
            ['EIN', partner.ein],
            ['District system id', partner.external_id],
          ]}
        />
      </Section>
    </>
  );
}

export function PartnerPeople({ partnerId }: { partnerId: string }) {
  const people = useQuery(listPartnerPeopleOptions({ path: { partner_id: partnerId }, query: { current: true, limit: 100 } }));
  const items = people.data?.items ?? [];
  return (
    <AddableSection title="Staff" addLabel="Add staff" form={(close) => <PartnerStaffForm partnerId={partnerId} onDone={close} />}>
      {(addAction) => (
        <DataTable
          label="Staff at this partner"
          minWidth={320}
          columns={[
            { label: 'Name' },
            { label: 'Role', visibleFrom: 'sm' },
            { label: 'Email', visibleFrom: 'sm' },
            { label: 'Phone', visibleFrom: 'sm' },
            { label: 'Verified' },
          ]}
          loading={people.isPending && 'Loading staff…'}
          empty="No one is recorded on this partner’s staff yet."
          emptyAction={addAction}
          items={items}
          row={(p) => (
            <Table.Tr key={p.assignment_id}>
              <Table.Td>
                <Anchor component={Link} to={`/people/${p.person_id}`}>
                  {fullName(p)}
                </Anchor>
                {p.is_primary && (
                  <Text span size="sm" ml={6}>
                    (primary)
                  </Text>
                )}
                {/* Phones fold role, email and phone under the name, so the table fits without scrolling. */}
                <Stack gap={0} hiddenFrom="sm">
                  <Text size="sm">{p.title ?? humanize(p.role)}</Text>
                  {p.email && (
                    <Anchor href={`mailto:${p.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {p.email}
                    </Anchor>
                  )}
                  {p.phone && (
                    <Anchor href={`tel:${p.phone}`} size="sm" className="nowrap">
                      {p.phone}
                    </Anchor>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td visibleFrom="sm">{p.title ?? humanize(p.role)}</Table.Td>
              <Table.Td visibleFrom="sm">{p.email ? <Anchor href={`mailto:${p.email}`}>{p.email}</Anchor> : '—'}</Table.Td>
              <Table.Td visibleFrom="sm" className="nowrap">
                {p.phone ?? '—'}
              </Table.Td>
              <Table.Td>{verifiedLabel(p.verified_at)}</Table.Td>
            </Table.Tr>
          )}
        />
      )}
    </AddableSection>
  );
}
