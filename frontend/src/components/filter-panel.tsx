import { Button, Collapse, Group } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/**
 * A list's filters: always open on wide screens; on a phone they fold behind one button so the
 * first rows of the list stay above the fold.
 */
export function FilterPanel({ label, active, children }: { label: string; active: number; children: ReactNode }) {
  const narrow = useMediaQuery('(max-width: 47.99em)');
  const [opened, { toggle }] = useDisclosure(false);
  return (
    <search aria-label={label}>
      {narrow && (
        <Group mb="sm">
          <Button variant="default" size="xs" onClick={toggle} aria-expanded={opened} aria-controls="list-filters">
            {opened ? 'Hide filters' : active > 0 ? `Filters (${active} set)` : 'Filters'}
          </Button>
        </Group>
      )}
      <Collapse expanded={!narrow || opened} id="list-filters">
        {children}
      </Collapse>
    </search>
  );
}
