import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { listCheckInsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { formatDate, humanize } from '../../lib/format';

const FIRST = 8;

export function CheckInsList({ matchId }: { matchId: string }) {
  const [all, setAll] = useState(false);
  const checkIns = useQuery(
    listCheckInsOptions({ path: { match_id: matchId }, query: { limit: 200, sort: '-held_on', include_total: true } }),
  );
  if (checkIns.isPending) return <Loading label="Loading check-ins" />;
  if (checkIns.isError) return <ErrorState error={checkIns.error} onRetry={() => void checkIns.refetch()} />;
  const items = checkIns.data.items;
  if (items.length === 0) return <Text>No check-ins logged yet.</Text>;
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <>
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label="Check-ins, newest first">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Held on</Table.Th>
              <Table.Th>How</Table.Th>
              <Table.Th>Minutes</Table.Th>
              <Table.Th>Focus, notes and next steps</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.held_on)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{humanize(c.channel ?? 'other')}</Table.Td>
                <Table.Td>{c.minutes ?? '—'}</Table.Td>
                <Table.Td>
                  {c.focus && <Text size="sm" fw={600}>{c.focus}</Text>}
                  {c.notes && <Text size="sm">{c.notes}</Text>}
                  {c.next_steps && <Text size="sm">Next: {c.next_steps}</Text>}
                  {!c.focus && !c.notes && !c.next_steps && '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.length > FIRST && (
        <Anchor component="button" type="button" size="sm" mt="xs" onClick={() => setAll((v) => !v)}>
          {all ? `Show the latest ${FIRST}` : `Show all ${checkIns.data.total ?? items.length}`}
        </Anchor>
      )}
    </>
  );
}
