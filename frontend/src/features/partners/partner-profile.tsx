import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPartnerPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerRead } from '../../api/gen/types.gen';
import { Fields } from '../../components/fields';
import { EmptyRow } from '../../components/table-parts';
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
      <Paper withBorder p="md" mb="lg">
        <Title order={2} size="h4" mb="sm">
          Profile
        </Title>
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
      </Paper>
    </>
  );
}

export function PartnerPeople({ partnerId }: { partnerId: string }) {
  const people = useQuery(listPartnerPeopleOptions({ path: { partner_id: partnerId }, query: { current: true, limit: 100 } }));
  const [adding, { toggle, close }] = useDisclosure(false);
  const items = people.data?.items ?? [];
  const addButton = (
    <Button size="xs" onClick={toggle} aria-expanded={adding}>
      {adding ? 'Close the form' : 'Add staff'}
    </Button>
  );
  return (
    <Paper withBorder p="md" mb="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Staff
        </Title>
        {addButton}
      </Group>
      {adding && (
        <Paper bg="gray.0" p="md" mb="md">
          <PartnerStaffForm partnerId={partnerId} onDone={close} />
        </Paper>
      )}
      <Table.ScrollContainer minWidth={320}>
        <Table aria-label="Staff at this partner">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th visibleFrom="sm">Role</Table.Th>
              <Table.Th visibleFrom="sm">Email</Table.Th>
              <Table.Th visibleFrom="sm">Phone</Table.Th>
              <Table.Th>Verified</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {people.isPending ? (
              <EmptyRow colSpan={5}>Loading staff…</EmptyRow>
            ) : items.length === 0 ? (
              <EmptyRow colSpan={5} action={adding ? undefined : addButton}>
                No one is recorded on this partner’s staff yet.
              </EmptyRow>
            ) : (
              items.map((p) => (
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
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
