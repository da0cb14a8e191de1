import { Anchor, Breadcrumbs, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { getWebhookOptions } from '../api/gen/@tanstack/react-query.gen';
import { QueryGate } from '../components/query-gate';
import { SecretModal, type ShownSecret } from '../features/admin/secret-modal';
import { WebhookDeliveries } from '../features/admin/webhook-deliveries';
import { WebhookActions, WebhookStatus } from '../features/admin/webhooks-panel';
import { dateTime } from '../features/admin/history-format';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { webhookId = '' } = useParams();
  const webhook = useQuery(getWebhookOptions({ path: { webhook_id: webhookId } }));
  const [shown, setShown] = useState<ShownSecret | null>(null);
  usePageTitle(webhook.data ? `Webhook to ${webhook.data.url}` : 'Webhook');
  return (
    <QueryGate query={webhook} loading="Loading webhook" retry>
      {(w) => (
        <>
          <Breadcrumbs mb="sm">
            <Anchor component={Link} to="/admin?tab=webhooks">
              Webhooks
            </Anchor>
            <Text>Delivery log</Text>
          </Breadcrumbs>
          <Paper withBorder p="md" mb="lg">
            <Stack gap="xs">
              <Title order={1} size="h3" style={{ wordBreak: 'break-all' }}>
                {w.url}
              </Title>
              <Group gap="xs">
                <WebhookStatus webhook={w} />
                <Text size="sm">{w.event_types.join(', ')}</Text>
              </Group>
              {!w.active && (
                <Text size="sm" role="status">
                  Disabled{w.disabled_at ? ` since ${dateTime(w.disabled_at)}` : ''}: {w.disabled_reason ?? 'no reason given'}
                </Text>
              )}
              {w.description && <Text size="sm">{w.description}</Text>}
              <Group gap="xs">
                <WebhookActions webhook={w} onSecret={setShown} />
              </Group>
            </Stack>
          </Paper>
          <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="deliveries-heading">
            <Title order={2} size="h4" mb="sm" id="deliveries-heading">
              Deliveries
            </Title>
            <WebhookDeliveries webhookId={w.id} />
          </Paper>
          <SecretModal shown={shown} onClose={() => setShown(null)} />
        </>
      )}
    </QueryGate>
  );
}
