import { Badge, Group, List, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { listInteractionsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { ErrorState } from '../../components/page-states';
import { formatDate, humanize } from '../../lib/format';
import { DoneCheckbox } from './action-items';
import { usePeopleNames } from './use-people';

export function InteractionsLog({ agreementId }: { agreementId: string }) {
  const log = useQuery(listInteractionsOptions({ path: { agreement_id: agreementId }, query: { limit: 100 } }));
  const items = log.data?.items ?? [];
  const names = usePeopleNames(items.flatMap((i) => [...i.attendee_ids, ...i.action_items.map((a) => a.owner_id)]));
  if (log.isError) return <ErrorState error={log.error} />;
  if (log.isPending) return <Text>Loading the interaction log…</Text>;
  if (items.length === 0) return <Text>No interactions logged yet.</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} aria-label="Interaction log">
      {items.map((i) => (
        <Timeline.Item
          key={i.id}
          title={
            <Group gap="xs">
              <Text fw={600}>{formatDate(i.occurred_on)}</Text>
              <Badge size="sm" variant="outline" color="gray.8">
                {humanize(i.kind)}
              </Badge>
              {i.channel && (
                <Text size="sm" c="dimmed">
                  {humanize(i.channel)}
                  {i.duration_minutes ? ` · ${i.duration_minutes} min` : ''}
                </Text>
              )}
            </Group>
          }
        >
          <Stack gap={4} mt={4}>
            {i.summary && <Text size="sm">{i.summary}</Text>}
            {i.attendee_ids.length > 0 && (
              <Text size="sm" c="dimmed">
                With {i.attendee_ids.map((id) => names.get(id)).join(', ')}
              </Text>
            )}
            {i.decisions.length > 0 && (
              <div>
                <Text size="sm" fw={600}>
                  Decisions
                </Text>
                <List size="sm">
                  {i.decisions.map((d, n) => (
                    <List.Item key={n}>{d}</List.Item>
                  ))}
                </List>
              </div>
            )}
            {i.action_items.length > 0 && (
              <div>
                <Text size="sm" fw={600}>
                  Action items
                </Text>
                <Stack gap={2}>
                  {i.action_items.map((a) => (
                    <Group key={a.id} gap="xs" wrap="nowrap">
                      <DoneCheckbox item={a} />
                      <Text size="sm" td={a.done ? 'line-through' : undefined}>
                        {a.text}
                        {a.owner_id ? ` — ${names.get(a.owner_id)}` : ''}
                        {a.due_date ? `, due ${formatDate(a.due_date)}` : ''}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </div>
            )}
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
