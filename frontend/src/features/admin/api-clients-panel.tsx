import { Alert, Badge, Button, Group, Stack, Table, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createApiClientMutation,
  listApiClientsOptions,
  listApiClientsQueryKey,
  revokeApiClientMutation,
  rotateApiClientSecretMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { ApiClientRead } from '../../api/gen/types.gen';
import { toApiError } from '../../lib/api';
import { formatDate, humanize } from '../../lib/format';
import { ConfirmModal } from './confirm-modal';
import { AccountCell } from './account-cell';
import { AdminTablePanel } from './admin-table-panel';
import { type Grant, grantBody, grantProblem } from './grant';
import { ScopeFields } from './scope-fields';
import { SecretModal, type ShownSecret } from './secret-modal';
import { Dialog } from '../../components/dialog';

const NO_GRANT: Grant = { role: 'viewer', district_ids: [], school_ids: [], partner_id: null };

function NewClientForm({ onCreated, onCancel }: { onCreated: (shown: ShownSecret) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const create = useMutation(createApiClientMutation());
  const [name, setName] = useState('');
  const [grant, setGrant] = useState<Grant>(NO_GRANT);
  const [tried, setTried] = useState(false);
  const nameError = tried && !name.trim() ? 'Name the system or script that will use it' : null;
  const scopeError = tried ? grantProblem(grant) : null;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!name.trim() || grantProblem(grant)) return;
    create.mutate(
      { body: { name: name.trim(), ...grantBody(grant) } },
      {
        onSuccess: (client) => {
          void queryClient.invalidateQueries({ queryKey: listApiClientsQueryKey() });
          onCreated({ title: `API client “${client.name}” created`, label: 'Client secret', secret: client.client_secret, id: client.client_id });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} description="Which system or script uses it, e.g. “District SIS sync”" />
        <ScopeFields grant={grant} onChange={setGrant} error={scopeError} />
        {create.isError && (
          <Alert color="red" role="alert" title="The client was not created">
            {toApiError(create.error).detail ?? toApiError(create.error).title}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create client
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ClientRow({ client, onSecret, onRevoke }: { client: ApiClientRead; onSecret: (s: ShownSecret) => void; onRevoke: (c: ApiClientRead) => void }) {
  const queryClient = useQueryClient();
  const rotate = useMutation(rotateApiClientSecretMutation());
  const revoked = client.revoked_at !== null;
  const actions = !revoked && (
    <Group gap="xs" wrap="wrap">
      <Button
        size="xs"
        variant="default"
        loading={rotate.isPending}
        aria-label={`Rotate the secret of ${client.name}`}
        onClick={() =>
          rotate.mutate(
            { path: { api_client_id: client.id } },
            {
              onSuccess: (rotated) => {
                void queryClient.invalidateQueries({ queryKey: listApiClientsQueryKey() });
                onSecret({ title: `New secret for “${rotated.name}”`, label: 'New client secret (the old one no longer works)', secret: rotated.client_secret, id: rotated.client_id });
              },
              onError: (error) => notifications.show({ color: 'red', message: `Not rotated: ${toApiError(error).detail ?? toApiError(error).title}` }),
            },
          )
        }
      >
        Rotate secret
      </Button>
      <Button size="xs" color="red" variant="light" aria-label={`Revoke ${client.name}`} onClick={() => onRevoke(client)}>
        Revoke
      </Button>
    </Group>
  );
  return (
    <Table.Tr>
      <AccountCell name={client.name} identifier={client.client_id} role={client.role} actions={actions} />
      <Table.Td visibleFrom="sm">{humanize(client.role)}</Table.Td>
      <Table.Td visibleFrom="sm">{client.last_used_at ? formatDate(client.last_used_at) : 'Never'}</Table.Td>
      <Table.Td>{revoked ? <Badge color="gray.8" variant="outline" miw="max-content">Revoked</Badge> : <Badge color="#1e6b30" variant="outline" miw="max-content">Active</Badge>}</Table.Td>
      <Table.Td visibleFrom="sm">{actions}</Table.Td>
    </Table.Tr>
  );
}

/** API clients for district systems and scripts: create, rotate, revoke. */
export function ApiClientsPanel() {
  const queryClient = useQueryClient();
  const clients = useQuery(listApiClientsOptions());
  const revoke = useMutation(revokeApiClientMutation());
  const [creating, { open, close }] = useDisclosure(false);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [revoking, setRevoking] = useState<ApiClientRead | null>(null);
  return (
    <AdminTablePanel
      headingId="clients-heading"
      title="API clients"
      newLabel="New API client"
      onNew={open}
      loadingLabel="Loading API clients"
      query={clients}
      items={clients.data ?? []}
      columns={[{ label: 'Client' }, { label: 'Role', wide: true }, { label: 'Last used', wide: true }, { label: 'Status' }, { label: 'Actions', wide: true }]}
      empty="No API clients yet. Create one for each district system or script that reads or writes Trellis."
      row={(c) => <ClientRow key={c.id} client={c} onSecret={setShown} onRevoke={setRevoking} />}
    >
      <Dialog opened={creating} onClose={close} title="New API client" size="lg">
        <NewClientForm
          onCancel={close}
          onCreated={(s) => {
            close();
            setShown(s);
          }}
        />
      </Dialog>
      <SecretModal shown={shown} onClose={() => setShown(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirm="Revoke client"
        pending={revoke.isPending}
        error={revoke.isError ? revoke.error : null}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() =>
          revoking &&
          revoke.mutate(
            { path: { api_client_id: revoking.id } },
            {
              onSuccess: (c) => {
                void queryClient.invalidateQueries({ queryKey: listApiClientsQueryKey() });
                notifications.show({ color: 'green', message: `${c.name} is revoked.` });
                setRevoking(null);
              },
            },
          )
        }
      >
        Its tokens stop working on their next request, and it cannot be restored: a system still using it
        needs a new client.
      </ConfirmModal>
    </AdminTablePanel>
  );
}
