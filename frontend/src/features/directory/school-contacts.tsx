import { Anchor, Button, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import {
  getPersonQueryKey,
  listPeopleOptions,
  listPeopleQueryKey,
  listRoleAssignmentsOptions,
  verifyPersonMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { PersonRead } from '../../api/gen/types.gen';
import { ErrorState } from '../../components/page-states';
import { EmptyRow } from '../../components/table-parts';
import { toApiError } from '../../lib/api';
import { daysSince, fullName, humanize, verifiedLabel } from '../../lib/format';

/** Re-verify contact details after this long (the home page's "due for re-verification"). */
export const REVERIFY_AFTER_DAYS = 180;

export function VerifyButton({ person }: { person: PersonRead }) {
  const queryClient = useQueryClient();
  const verify = useMutation({
    ...verifyPersonMutation(),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: listPeopleQueryKey() });
      void queryClient.invalidateQueries({ queryKey: getPersonQueryKey({ path: { person_id: person.id } }) });
      notifications.show({ color: 'green', message: `${fullName(person)}’s details are verified.` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not verified', message: toApiError(error).message }),
  });
  return (
    <Button
      size="compact-sm"
      variant="default"
      loading={verify.isPending}
      onClick={() => verify.mutate({ path: { person_id: person.id } })}
      aria-label={`Verify ${fullName(person)}’s contact details`}
    >
      Verify
    </Button>
  );
}

export function SchoolContacts({ schoolId }: { schoolId: string }) {
  const roles = useQuery(
    listRoleAssignmentsOptions({ query: { school_id: [schoolId], current: true, limit: 200 } }),
  );
  const people = useQuery(listPeopleOptions({ query: { school_id: [schoolId], limit: 200 } }));
  const byId = new Map((people.data?.items ?? []).map((p) => [p.id, p]));
  const rows = (roles.data?.items ?? []).filter((r) => byId.has(r.person_id));

  return (
    <Paper withBorder p="md" mb="lg">
      <Title order={2} size="h4" mb="sm">
        Contacts
      </Title>
      {roles.isError || people.isError ? (
        <ErrorState error={roles.error ?? people.error} />
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-label="Contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th visibleFrom="sm">Email</Table.Th>
                <Table.Th visibleFrom="md">Phone</Table.Th>
                <Table.Th>Verified</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles.isPending || people.isPending ? (
                <EmptyRow colSpan={5}>Loading contacts…</EmptyRow>
              ) : rows.length === 0 ? (
                <EmptyRow colSpan={5}>No one holds a current role here yet.</EmptyRow>
              ) : (
                rows.map((r) => {
                  const p = byId.get(r.person_id)!;
                  const due = !p.verified_at || daysSince(p.verified_at) > REVERIFY_AFTER_DAYS;
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/people/${p.id}`}>
                          {fullName(p)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{r.title ?? humanize(r.role)}</Table.Td>
                      <Table.Td visibleFrom="sm">
                        {p.email ? <Anchor href={`mailto:${p.email}`}>{p.email}</Anchor> : '—'}
                      </Table.Td>
                      <Table.Td visibleFrom="md">{p.phone ?? '—'}</Table.Td>
                      <Table.Td>
                        <Text span size="sm" c={due ? '#a63c06' : undefined} mr="xs">
                          {verifiedLabel(p.verified_at)}
                        </Text>
                        <VerifyButton person={p} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
