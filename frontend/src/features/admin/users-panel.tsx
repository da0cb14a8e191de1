import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { getUserOptions, listUsersOptions, listUsersQueryKey, updateUserMutation } from '../../api/gen/@tanstack/react-query.gen';
import type { UserRead } from '../../api/gen/types.gen';
import { ifMatch, toApiError } from '../../lib/api';
import { formatDate, humanize } from '../../lib/format';
import { ConfirmModal } from './confirm-modal';
import { AccountCell } from './account-cell';
import { AdminTablePanel } from './admin-table-panel';
import { usePeopleNames } from '../partners/use-people';
import { UserForm } from './user-form';
import { Dialog } from '../../components/dialog';

type Editing = { user?: UserRead } | null;

function UserRow({
  user,
  personName,
  onEdit,
  onDeactivate,
}: {
  user: UserRead;
  personName: string | undefined;
  onEdit: () => void;
  onDeactivate: () => void;
}) {
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
      <AccountCell name={user.display_name} identifier={user.email} role={user.role} actions={actions} />
      <Table.Td visibleFrom="sm">{humanize(user.role)}</Table.Td>
      <Table.Td visibleFrom="sm">
        {user.person_id ? (
          <Anchor component={Link} to={`/people/${user.person_id}`}>
            {personName ?? 'Person'}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            Not linked
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">{user.last_login_at ? formatDate(user.last_login_at) : 'Never'}</Table.Td>
      <Table.Td>{user.is_active ? <Badge color="#1e6b30" variant="outline" miw="max-content">Active</Badge> : <Badge color="gray.8" variant="outline" miw="max-content">Inactive</Badge>}</Table.Td>
      <Table.Td visibleFrom="sm">{actions}</Table.Td>
    </Table.Tr>
  );
}

/** Everyone who can sign in: their role, where they work, and whether they still may. */
export function UsersPanel() {
  const queryClient = useQueryClient();
  const users = useQuery(listUsersOptions());
  const personNames = usePeopleNames((users.data ?? []).map((u) => u.person_id));
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
    <AdminTablePanel
      headingId="users-heading"
      title="Users and roles"
      newLabel="New user"
      onNew={create}
      loadingLabel="Loading users"
      query={users}
      items={users.data ?? []}
      columns={[
        { label: 'User' },
        { label: 'Role', wide: true },
        { label: 'Person', wide: true },
        { label: 'Last sign-in', wide: true },
        { label: 'Status' },
        { label: 'Actions', wide: true },
      ]}
      empty="No user accounts yet."
      row={(u) => <UserRow key={u.id} user={u} personName={u.person_id ? personNames.get(u.person_id) : undefined} onEdit={() => edit(u)} onDeactivate={() => setLeaving(u)} />}
    >
      <Dialog opened={editing !== null} onClose={() => setEditing(null)} title={editing?.user ? `Edit ${editing.user.display_name}` : 'New user'} size="lg">
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
      </Dialog>
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
    </AdminTablePanel>
  );
}
