import { Badge, Group, List, Stack, Table, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { listEventsOptions, listUsersOptions } from '../../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { useMe } from '../auth/session';
import { actorLabel, dateTime, fieldChanges, newestFirst, operationLabel } from './history-format';

// The feed's largest page: a record's own events rarely come near it.
const LIMIT = 1000;

/** Who changed one record, when, and (for administrators) what: from the change feed. */
export default function RecordHistory({ recordId, noun }: { recordId: string; noun: string }) {
  const me = useMe();
  const events = useQuery(listEventsOptions({ query: { record_id: recordId, limit: LIMIT } }));
  const users = useQuery({ ...listUsersOptions(), enabled: me.data?.role === 'admin', staleTime: 5 * 60_000 });
  if (events.isPending) return <Loading label="Loading history" />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  const items = newestFirst(events.data.items);
  if (items.length === 0) return <Text>No changes to this {noun} are recorded that you may see.</Text>;
  const names = new Map((users.data ?? []).map((u) => [u.id, u.display_name]));
  return (
    <Stack gap="sm">
      {!me.data?.everything && (
        <Text size="sm" c="dimmed">
          Who changed it and when; the fields changed are shown to administrators.
        </Text>
      )}
      <Timeline bulletSize={14} lineWidth={2} aria-label={`History of this ${noun}`}>
        {items.map((e) => {
          // A creation lists every field; the ones left empty say nothing.
          const changes = fieldChanges(e.changes).filter((c) => e.operation !== 'create' || c.after !== '—');
          return (
            <Timeline.Item
              key={e.seq}
              title={
                <Group gap="xs" wrap="wrap">
                  <Badge variant="light">{operationLabel(e.operation)}</Badge>
                  <Text size="sm" fw={600}>
                    {actorLabel(e.actor, names)}
                  </Text>
                </Group>
              }
            >
              <Text size="xs" c="dimmed">
                {dateTime(e.occurred_at)} · version {e.version}
              </Text>
              {changes.length > 0 && (
                <Table.ScrollContainer minWidth={280}>
                  <Table withTableBorder fz="sm" mt={4} aria-label={`Changes in version ${e.version}`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Field</Table.Th>
                        <Table.Th>Before</Table.Th>
                        <Table.Th>After</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {changes.map((c) => (
                        <Table.Tr key={c.field}>
                          <Table.Td>{c.field}</Table.Td>
                          <Table.Td style={{ wordBreak: 'break-word' }}>{c.before}</Table.Td>
                          <Table.Td style={{ wordBreak: 'break-word' }}>{c.after}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              {e.operation === 'create' && changes.length === 0 && e.keys?.after && (
                <List size="xs" mt={4}>
                  {Object.entries(e.keys.after).map(([k, v]) => (
                    <List.Item key={k}>
                      {k}: {String(v)}
                    </List.Item>
                  ))}
                </List>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Stack>
  );
}
