import { Anchor, Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPartnerPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerRead } from '../../api/gen/types.gen';
import { Fields } from '../../components/fields';
import { EmptyRow } from '../../components/table-parts';
import { fullName, humanize, verifiedLabel } from '../../lib/format';

export function PartnerProfile({ partner }: { partner: PartnerRead }) {
  return (
    <>
      <Title order={1}>{partner.name}</Title>
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
            ['Phone', partner.phone],
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
  const items = people.data?.items ?? [];
  return (
    <Paper withBorder p="md" mb="lg">
      <Title order={2} size="h4" mb="sm">
        People
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table aria-label="People at this partner">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Verified</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {people.isPending ? (
              <EmptyRow colSpan={4}>Loading people…</EmptyRow>
            ) : items.length === 0 ? (
              <EmptyRow colSpan={4}>No one is recorded at this partner.</EmptyRow>
            ) : (
              items.map((p) => (
                <Table.Tr key={p.assignment_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/people/${p.person_id}`}>
                      {fullName(p)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{p.title ?? humanize(p.role)}</Table.Td>
                  <Table.Td>{p.email ?? '—'}</Table.Td>
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
