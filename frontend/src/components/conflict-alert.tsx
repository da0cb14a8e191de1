import { Alert, Button, Group, Table, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';

import type { Change } from '../lib/diff';
import { humanize } from '../lib/format';

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '(empty)' : Array.isArray(v) ? v.join(', ') : String(v);

/**
 * A 412: someone saved this record after you opened it. Say what they changed, and let the
 * user either keep their edits on top of the new version or take the new version.
 */
export function ConflictAlert({
  changes,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  changes: Change[];
  mine: Record<string, unknown>;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Bring the explanation into view: the Save button that caused it is at the bottom of the form.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, []);
  return (
    <Alert ref={ref} style={{ scrollMarginTop: 72 }} color="orange" title="Someone changed this while you were editing" role="alert" mb="md">
      <Text size="sm" mb="xs">
        Your changes were not saved. Here is what changed since you opened the form:
      </Text>
      {changes.length === 0 ? (
        <Text size="sm">Nothing you can see changed (only its version).</Text>
      ) : (
        <Table withTableBorder fz="sm" mb="sm" aria-label="What changed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>When you opened it</Table.Th>
              <Table.Th>Now</Table.Th>
              <Table.Th>Your edit</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((c) => (
              <Table.Tr key={c.field}>
                <Table.Td>{humanize(c.field)}</Table.Td>
                <Table.Td>{show(c.before)}</Table.Td>
                <Table.Td>{show(c.after)}</Table.Td>
                <Table.Td>{c.field in mine ? show(mine[c.field]) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group gap="xs">
        <Button size="xs" color="orange" onClick={onKeepMine}>
          Keep my edits and save again
        </Button>
        <Button size="xs" variant="default" onClick={onTakeTheirs}>
          Discard my edits
        </Button>
      </Group>
    </Alert>
  );
}
