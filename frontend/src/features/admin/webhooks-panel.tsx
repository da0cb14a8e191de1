import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import {
  getWebhookQueryKey,
  listWebhooksOptions,
  listWebhooksQueryKey,
  rotateWebhookSecretMutation,
  updateWebhookMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { WebhookRead } from '../../api/gen/types.gen';
import { CursorPager } from '../../components/table-parts';
import { ifMatch, toApiError } from '../../lib/api';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { AdminTablePanel } from './admin-table-panel';
import { PhoneActions } from './phone-actions';
import { SecretModal, type ShownSecret } from './secret-modal';
import { WebhookForm } from './webhook-form';
import { Dialog } from '../../components/dialog';

type Editing = { webhook?: WebhookRead } | null;

export function WebhookStatus({ webhook }: { webhook: WebhookRead }) {
  if (webhook.active) return (
      <Badge color="#1e6b30" variant="outline" miw="max-content">
        Enabled
      </Badge>
    );
  return (
    <Badge color={webhook.disabled_reason?.includes('fail') ? 'red.9' : 'gray.8'} variant="outline" miw="max-content" title={webhook.disabled_reason ?? undefined}>
      Disabled
    </Badge>
  );
}

/** Enable/disable and rotate, the same on the list and on a webhook's own page. */
export function WebhookActions({ webhook, onSecret }: { webhook: WebhookRead; onSecret: (s: ShownSecret) => void }) {
  const queryClient = useQueryClient();
  const toggle = useMutation(updateWebhookMutation());
  const rotate = useMutation(rotateWebhookSecretMutation());
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: listWebhooksQueryKey() });
    void queryClient.invalidateQueries({ queryKey: getWebhookQueryKey({ path: { webhook_id: webhook.id } }) });
  };
  const fail = (what: string) => (error: unknown) =>
    notifications.show({ color: 'red', message: `${what}: ${toApiError(error).detail ?? toApiError(error).title}` });
  return (
    <>
      <Button
        size="xs"
        variant="default"
        loading={toggle.isPending}
        aria-label={`${webhook.active ? 'Disable' : 'Enable'} the webhook to ${webhook.url}`}
        onClick={() =>
          toggle.mutate(
            { path: { webhook_id: webhook.id }, headers: ifMatch(webhook.version), body: { active: !webhook.active } },
            { onSuccess: refresh, onError: fail('Not changed') },
          )
        }
      >
        {webhook.active ? 'Disable' : 'Enable'}
      </Button>
      <Button
        size="xs"
        variant="default"
        loading={rotate.isPending}
        aria-label={`Rotate the secret of the webhook to ${webhook.url}`}
        onClick={() =>
          rotate.mutate(
            { path: { webhook_id: webhook.id } },
            {
              onSuccess: (w) => {
                refresh();
                onSecret({ title: 'New signing secret', label: 'New secret (the old one also signs for 24 hours)', secret: w.secret });
              },
              onError: fail('Not rotated'),
            },
          )
        }
      >
        Rotate secret
      </Button>
    </>
  );
}

/** Webhook subscriptions: where Trellis POSTs the changes it makes, signed. */
export function WebhooksPanel() {
  const pages = useCursorPages('webhooks');
  const webhooks = useQuery({
    ...listWebhooksOptions({ query: { limit: 25, include_total: pages.includeTotal, cursor: pages.cursor } }),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const create = () => setEditing({});
  const data = webhooks.data;
  const actionsOf = (w: WebhookRead) => (
    <Group gap="xs" wrap="wrap">
      <Button size="xs" variant="default" onClick={() => setEditing({ webhook: w })} aria-label={`Edit the webhook to ${w.url}`}>
        Edit
      </Button>
      <WebhookActions webhook={w} onSecret={setShown} />
    </Group>
  );
  return (
    <AdminTablePanel
      headingId="webhooks-heading"
      title="Webhooks"
      newLabel="New webhook"
      onNew={create}
      loadingLabel="Loading webhooks"
      query={webhooks}
      items={data?.items ?? []}
      columns={[{ label: 'URL' }, { label: 'Event types', wide: true }, { label: 'Status' }, { label: 'Actions', wide: true }]}
      empty="No webhooks yet. Add one to have Trellis POST its changes to another system as they happen."
      row={(w) => (
        <Table.Tr key={w.id}>
          <Table.Td>
            <Anchor component={Link} to={`/admin/webhooks/${w.id}`} style={{ wordBreak: 'break-all' }}>
              {w.url}
            </Anchor>
            {w.description && (
              <Text size="xs" c="dimmed">
                {w.description}
              </Text>
            )}
            <PhoneActions>{actionsOf(w)}</PhoneActions>
          </Table.Td>
          <Table.Td visibleFrom="sm">{w.event_types.join(', ')}</Table.Td>
          <Table.Td>
            <WebhookStatus webhook={w} />
          </Table.Td>
          <Table.Td visibleFrom="sm">{actionsOf(w)}</Table.Td>
        </Table.Tr>
      )}
      footer={<CursorPager pages={pages} page={data} noun={['webhook', 'webhooks']} whenPaged />}
    >
      <Dialog opened={editing !== null} onClose={() => setEditing(null)} title={editing?.webhook ? 'Edit webhook' : 'New webhook'} size="lg">
        {editing && (
          <WebhookForm
            key={editing.webhook?.id ?? 'new'}
            webhook={editing.webhook}
            onCancel={() => setEditing(null)}
            onCreated={(w) => {
              setEditing(null);
              setShown({ title: 'Webhook created', label: 'Signing secret', secret: w.secret });
            }}
            onSaved={() => {
              setEditing(null);
              notifications.show({ color: 'green', message: 'The webhook is saved.' });
            }}
          />
        )}
      </Dialog>
      <SecretModal shown={shown} onClose={() => setShown(null)} />
    </AdminTablePanel>
  );
}
