import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One headline figure with its n, or, when withheld, the reason instead of a number. */
export function Figure({
  label,
  value,
  n,
  withheld,
  method,
  detail,
}: {
  label: string;
  value: ReactNode;
  n?: number | null;
  withheld?: string | null;
  method?: string;
  detail?: ReactNode;
}) {
  return (
    <Stack gap={0} miw={150} style={{ flex: '1 1 150px' }} role="group" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {withheld ? (
        <Text fw={600} c="#a63c06" size="sm">
          {/* The API's reasons are short ("n below 5"): kept whole in a phone's half-width column. */}
          Withheld: <span style={{ whiteSpace: 'nowrap' }}>{withheld}</span>
        </Text>
      ) : (
        <Text fw={800} size="xl" lh={1.2}>
          {value}
        </Text>
      )}
      <Group gap={6}>
        {n != null && <Text size="xs">n = {n.toLocaleString()}</Text>}
        {detail && <Text size="xs">{detail}</Text>}
      </Group>
      {method && (
        <details>
          <summary style={{ fontSize: 12, cursor: 'pointer' }}>How it is computed</summary>
          <Text size="xs" mt={2}>
            {method}
          </Text>
        </details>
      )}
    </Stack>
  );
}
