import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

import { humanize } from '../../lib/format';
import { PhoneActions } from './phone-actions';

/** A sign-in's first cell: its name, its identifier, and on phones its role and actions beneath. */
export function AccountCell({ name, identifier, role, actions }: { name: string; identifier: string; role: string; actions: ReactNode }) {
  return (
    <Table.Td>
      <Text fw={600}>{name}</Text>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        {identifier}
      </Text>
      <Text size="sm" hiddenFrom="sm">
        {humanize(role)}
      </Text>
      {actions && <PhoneActions>{actions}</PhoneActions>}
    </Table.Td>
  );
}
