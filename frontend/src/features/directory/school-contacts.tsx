import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPeopleOptions, listRoleAssignmentsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState } from '../../components/page-states';
import { Section } from '../../components/section';
import { fullName, roleLabel } from '../../lib/format';
import { useCanWrite } from '../auth/permissions';
import { useNarrow } from '../../lib/narrow';
import { ContactCards } from './contact-cards';
import { ContactCells } from './contact-cells';

function Role({ r }: { r: { role: string; title?: string | null } }) {
  const label = roleLabel(r);
  return (
    <>
      {label.title}
      {label.role && (
        <Text size="sm" c="dimmed">
          {label.role}
        </Text>
      )}
    </>
  );
}

export function SchoolContacts({ schoolId }: { schoolId: string }) {
  const narrow = useNarrow();
  const roles = useQuery(
    listRoleAssignmentsOptions({ query: { school_id: [schoolId], current: true, limit: 200 } }),
  );
  const people = useQuery(listPeopleOptions({ query: { school_id: [schoolId], limit: 200 } }));
  const byId = new Map((people.data?.items ?? []).map((p) => [p.id, p]));
  const rows = (roles.data?.items ?? []).filter((r) => byId.has(r.person_id));
  const loading = roles.isPending || people.isPending;
  const canWrite = useCanWrite();
  const emptyText = canWrite
    ? 'No one holds a current role at this school yet. Find the person, then add the role from their page.'
    : 'No one holds a current role at this school yet.';
  const emptyAction = canWrite ? (
    <Button component={Link} to="/people" size="xs" variant="default">
      Find a person
    </Button>
  ) : undefined;

  return (
    <Section title="Contacts">
      {roles.isError || people.isError ? (
        <ErrorState error={roles.error ?? people.error} />
      ) : narrow ? (
        loading ? (
          <Text>Loading contacts…</Text>
        ) : (
          <ContactCards
            label="Contacts"
            contacts={rows.map((r) => ({ key: r.id, person: byId.get(r.person_id)!, role: <Role r={r} /> }))}
            empty={
              <Stack gap="xs" align="flex-start">
                <Text>{emptyText}</Text>
                {emptyAction}
              </Stack>
            }
          />
        )
      ) : (
        <DataTable
          label="Contacts"
          minWidth={720}
          columns={[{ label: 'Name' }, { label: 'Role' }, { label: 'Email' }, { label: 'Phone' }, { label: 'Verified' }]}
          loading={loading && 'Loading contacts…'}
          empty={emptyText}
          emptyAction={emptyAction}
          items={rows}
          row={(r) => {
            const p = byId.get(r.person_id)!;
            return (
              <Table.Tr key={r.id}>
                <Table.Td className="nowrap">
                  <Anchor component={Link} to={`/people/${p.id}`}>
                    {fullName(p)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Role r={r} />
                </Table.Td>
                <ContactCells person={p} />
              </Table.Tr>
            );
          }}
        />
      )}
    </Section>
  );
}
