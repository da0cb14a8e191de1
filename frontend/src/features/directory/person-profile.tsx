import { Anchor, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import {
  getDistrictOptions,
  getSchoolOptions,
  listRoleAssignmentsOptions,
} from '../../api/gen/@tanstack/react-query.gen';
import type { PersonRead, RoleAssignmentRead } from '../../api/gen/types.gen';
import { Fields } from '../../components/fields';
import { EmptyRow } from '../../components/table-parts';
import { formatDate, fullName, humanize, verifiedLabel } from '../../lib/format';
import { VerifyButton } from './school-contacts';

export function PersonProfile({ person }: { person: PersonRead }) {
  return (
    <>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
        <div>
          <Title order={1}>{fullName(person)}</Title>
          <Text>
            {person.is_active ? 'Active' : 'Inactive'} · {verifiedLabel(person.verified_at)}
          </Text>
        </div>
        <Group gap="xs">
          <VerifyButton person={person} />
          <Button component={Link} to={`/people/${person.id}/edit`} variant="default" size="compact-sm">
            Edit
          </Button>
        </Group>
      </Group>
      <Paper withBorder p="md" mb="lg">
        <Title order={2} size="h4" mb="sm">
          Contact details
        </Title>
        <Fields
          items={[
            ['Email', person.email ? <Anchor href={`mailto:${person.email}`}>{person.email}</Anchor> : null],
            ['Phone', person.phone],
            ['Preferred channel', humanize(person.preferred_channel)],
            ['District system id', person.sis_id],
            ['Notes', person.notes],
          ]}
        />
      </Paper>
    </>
  );
}

/** Where someone works and as what; `partnerName` renders a partner organisation's link. */
export function RoleAssignments({
  personId,
  partnerName,
}: {
  personId: string;
  partnerName: (partnerId: string) => ReactNode;
}) {
  const roles = useQuery(listRoleAssignmentsOptions({ query: { person_id: [personId], limit: 100 } }));
  const items = roles.data?.items ?? [];
  const schoolIds = [...new Set(items.flatMap((r) => (r.school_id ? [r.school_id] : [])))];
  const districtIds = [...new Set(items.flatMap((r) => (r.district_id ? [r.district_id] : [])))];
  const schools = useQueries({ queries: schoolIds.map((id) => getSchoolOptions({ path: { school_id: id } })) });
  const districts = useQueries({
    queries: districtIds.map((id) => getDistrictOptions({ path: { district_id: id } })),
  });
  const schoolName = new Map(schoolIds.map((id, i) => [id, schools[i].data?.name ?? '…']));
  const districtName = new Map(districtIds.map((id, i) => [id, districts[i].data?.name ?? '…']));
  const where = (r: RoleAssignmentRead & { partner_id?: string | null }): ReactNode => {
    if (r.school_id)
      return (
        <Anchor component={Link} to={`/schools/${r.school_id}`}>
          {schoolName.get(r.school_id)}
        </Anchor>
      );
    if (r.district_id) return districtName.get(r.district_id);
    if (r.partner_id) return partnerName(r.partner_id);
    return '—';
  };
  return (
    <Paper withBorder p="md" mb="lg">
      <Title order={2} size="h4" mb="sm">
        Roles
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table aria-label="Roles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roles.isPending ? (
              <EmptyRow colSpan={4}>Loading roles…</EmptyRow>
            ) : items.length === 0 ? (
              <EmptyRow colSpan={4}>No roles recorded.</EmptyRow>
            ) : (
              items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.title ?? humanize(r.role)}
                    {r.title && (
                      <Text span size="sm" c="dimmed" ml={6}>
                        {humanize(r.role)}
                      </Text>
                    )}
                    {r.is_primary && (
                      <Text span size="sm" ml={6}>
                        (primary)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{where(r)}</Table.Td>
                  <Table.Td>{formatDate(r.start_date)}</Table.Td>
                  <Table.Td>{r.end_date ? formatDate(r.end_date) : 'current'}</Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
