import { Anchor, Badge, Button, Group, Modal, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { getUserOptions, listUsersOptions, listUsersQueryKey, updateUserMutation } from '../../api/gen/@tanstack/react-query.gen';
import type { UserRead } from '../../api/gen/types.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { EmptyRow } from '../../components/table-parts';
import { ifMatch, toApiError } from '../../lib/api';
import { formatDate, humanize } from '../../lib/format';
import { ConfirmModal } from './confirm-modal';
import { PhoneActions } from './phone-actions';
import { UserForm } from './user-form';

type Editing = { user?: UserRead } | null;

function UserRow({ user, onEdit, onDeactivate }: { user: UserRead; onEdit: () => void; onDeactivate: () => void }) {
  const actions = (
    <Group gap="xs" wrap="wrap">
      <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${user.display_name}`}>
        Edit
      </Button>
      {user.is_active && (
        <Button size="xs" color="red" variant="light" onClick={onDeactivate} aria-label={`Deactivate ${user.display_name}`}>
          Deactivate
        </Button>
      )}
    </Group>
  );
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{user.display_name}</Text>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {user.email}
        </Text>
        <Text size="sm" hiddenFrom="sm">
          {humanize(user.role)}
        </Text>
        <PhoneActions>{actions}</PhoneActions>
      </Table.Td>
      <Table.Td visibleFrom="sm">{humanize(user.role)}</Table.Td>
      <Table.Td visibleFrom="sm">
        {user.person_id ? (
          <Anchor component={Link} to={`/people/${user.person_id}`}>
            Person
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            Not linked
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">{user.last_login_at ? formatDate(user.last_login_at) : 'Never'}</Table.Td>
      <Table.Td>{user.is_active ? <Badge color="green" miw="max-content">Active</Badge> : <Badge color="gray" miw="max-content">Inactive</Badge>}</Table.Td>
      <Table.Td visibleFrom="sm">{actions}</Table.Td>
    </Table.Tr>
  );
}

/** Everyone who can sign in: their role, where they work, and whether they still may. */
export function UsersPanel() {
  const queryClient = useQueryClient();
  const users = useQuery(listUsersOptions());
  const deactivate = useMutation(updateUserMutation());
  const [editing, setEditing] = useState<Editing>(null);
  const [leaving, setLeaving] = useState<UserRead | null>(null);
  const create = () => setEditing({});
  // Signing in stamps the account, so a listed copy is soon old: act on the account as it is now.
  const current = (user: UserRead) => queryClient.fetchQuery({ ...getUserOptions({ path: { user_id: user.id } }), staleTime: 0 });
  const deactivateNow = async (user: UserRead) => {
    try {
      const fresh = await current(user);
      deactivate.mutate(
        { path: { user_id: fresh.id }, headers: ifMatch(fresh.version), body: { is_active: false } },
        {
          onSuccess: (u) => {
            void queryClient.invalidateQueries({ queryKey: listUsersQueryKey() });
            notifications.show({ color: 'green', message: `${u.display_name} can no longer sign in.` });
            setLeaving(null);
          },
        },
      );
    } catch (error) {
      notifications.show({ color: 'red', message: `Not deactivated: ${toApiError(error).detail ?? toApiError(error).title}` });
    }
  };
  const edit = (user: UserRead) =>
    void current(user).then(
      (fresh) => setEditing({ user: fresh }),
      () => setEditing({ user }),
    );
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="users-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="users-heading">
          Users and roles
        </Title>
        <Button size="xs" onClick={create}>
          New user
        </Button>
      </Group>
      {users.isPending ? (
        <Loading label="Loading users" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table aria-labelledby="users-heading" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th visibleFrom="sm">Role</Table.Th>
                <Table.Th visibleFrom="sm">Person</Table.Th>
                <Table.Th visibleFrom="sm">Last sign-in</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th visibleFrom="sm">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.length === 0 ? (
                <EmptyRow colSpan={6} action={<Button size="xs" onClick={create}>New user</Button>}>
                  No user accounts yet.
                </EmptyRow>
              ) : (
                users.data.map((u) => (
                  <UserRow key={u.id} user={u} onEdit={() => edit(u)} onDeactivate={() => setLeaving(u)} />
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.user ? `Edit ${editing.user.display_name}` : 'New user'} size="lg">
        {editing && (
          <UserForm
            key={editing.user?.id ?? 'new'}
            user={editing.user}
            onCancel={() => setEditing(null)}
            onDone={(saved) => {
              setEditing(null);
              notifications.show({ color: 'green', message: `${saved.display_name} is saved.` });
            }}
          />
        )}
      </Modal>
      <ConfirmModal
        opened={leaving !== null}
        title={`Deactivate ${leaving?.display_name ?? ''}?`}
        confirm="Deactivate"
        pending={deactivate.isPending}
        error={deactivate.isError ? deactivate.error : null}
        onCancel={() => {
          deactivate.reset();
          setLeaving(null);
        }}
        onConfirm={() => leaving && void deactivateNow(leaving)}
      >
        They are signed out everywhere and can no longer sign in. You can make them active again from Edit.
      </ConfirmModal>
    </Paper>
  );
}
