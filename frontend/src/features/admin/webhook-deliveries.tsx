import { Badge, Button, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import {
  listWebhookDeliveriesOptions,
  listWebhookDeliveriesQueryKey,
  redeliverWebhookDeliveryMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { DeliveryRead } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState, Loading } from '../../components/page-states';
import { CursorPager } from '../../components/table-parts';
import { toApiError } from '../../lib/api';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { counted } from '../../lib/format';
import { dateTime } from './history-format';

// Outline badges in dark shades: text at AA contrast on white.
const STATUS_COLOR: Record<string, string> = { delivered: '#1e6b30', pending: '#8a5a00', failed: 'red.9' };

function Redeliver({ webhookId, delivery }: { webhookId: string; delivery: DeliveryRead }) {
  const queryClient = useQueryClient();
  const redeliver = useMutation(redeliverWebhookDeliveryMutation());
  return (
    <Button
      size="xs"
      variant="default"
      loading={redeliver.isPending}
      aria-label={`Redeliver event ${delivery.id}`}
      onClick={() =>
        redeliver.mutate(
          { path: { webhook_id: webhookId, delivery_id: delivery.id } },
          {
            onSuccess: () => {
              void queryClient.invalidateQueries({ queryKey: listWebhookDeliveriesQueryKey({ path: { webhook_id: webhookId } }) });
              notifications.show({ color: 'green', message: `Event ${delivery.id} is queued to be delivered again.` });
            },
            onError: (error) => notifications.show({ color: 'red', message: `Not queued: ${toApiError(error).detail ?? toApiError(error).title}` }),
          },
        )
      }
    >
      Redeliver
    </Button>
  );
}

/** Each event sent (or being sent) to one webhook, newest first, with redelivery. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const pages = useCursorPages(webhookId);
  const deliveries = useQuery({
    ...listWebhookDeliveriesOptions({
      path: { webhook_id: webhookId },
      query: { limit: 25, sort: '-id', include_total: pages.includeTotal, cursor: pages.cursor },
    }),
    placeholderData: keepPreviousData,
  });
  if (deliveries.isPending) return <Loading label="Loading deliveries" />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  const page = deliveries.data;
  return (
    <>
      <DataTable
        label="Deliveries"
        minWidth={300}
        verticalSpacing="xs"
        columns={[
          { label: 'Event' },
          { label: 'Status' },
          { label: 'Attempts', visibleFrom: 'sm', fold: (d) => counted(d.attempts, 'attempt', 'attempts') },
          { label: 'Response', visibleFrom: 'sm', fold: (d) => (d.last_status_code ? `HTTP ${d.last_status_code}` : null) },
          { label: 'Next retry', visibleFrom: 'sm' },
          { label: 'Actions' },
        ]}
        empty="Nothing delivered yet: deliveries appear here once an event this webhook subscribes to happens."
        items={page.items}
        row={(d, _index, folded) => (
          <Table.Tr key={d.id}>
            <Table.Td>
              <Text size="sm">{d.event_type}</Text>
              <Text size="xs" c="dimmed">
                #{d.id} · {dateTime(d.created_at)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOR[d.status] ?? 'gray.8'} variant="outline" miw="max-content">
                {d.status}
              </Badge>
              {folded}
              {d.last_error && (
                <Text size="xs" c="red.8">
                  {d.last_error}
                </Text>
              )}
            </Table.Td>
            <Table.Td visibleFrom="sm">{d.attempts}</Table.Td>
            <Table.Td visibleFrom="sm">{d.last_status_code ?? '—'}</Table.Td>
            <Table.Td visibleFrom="sm">{d.next_attempt_at ? dateTime(d.next_attempt_at) : '—'}</Table.Td>
            <Table.Td>
              <Redeliver webhookId={webhookId} delivery={d} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      <CursorPager pages={pages} page={page} noun={['delivery', 'deliveries']} whenPaged />
    </>
  );
}
