import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { listCheckInsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { formatDate, humanize } from '../../lib/format';

export function CheckInsList({ matchId }: { matchId: string }) {
  const checkIns = useQuery(listCheckInsOptions({ path: { match_id: matchId }, query: { limit: 50, sort: '-held_on' } }));
  if (checkIns.isPending) return <Loading label="Loading check-ins" />;
  if (checkIns.isError) return <ErrorState error={checkIns.error} onRetry={() => void checkIns.refetch()} />;
  const items = checkIns.data.items;
  if (items.length === 0) return <Text>No check-ins logged yet.</Text>;
  return (
    <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Check-ins, newest first">
      {items.map((c) => (
        <Paper key={c.id} component="li" withBorder p="sm">
          <Group gap="xs">
            <Text fw={700}>{formatDate(c.held_on)}</Text>
            <Badge size="sm" variant="outline" color="gray.8">
              {humanize(c.channel ?? 'other')}
            </Badge>
            {c.minutes != null && <Text size="sm">{c.minutes} min</Text>}
            {c.focus && <Text size="sm">· {c.focus}</Text>}
          </Group>
          {c.notes && <Text size="sm" mt={4}>{c.notes}</Text>}
          {c.next_steps && (
            <Text size="sm" mt={4}>
              <Text span fw={600}>
                Next:
              </Text>{' '}
              {c.next_steps}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
