import { Button, Paper } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';

import { Section } from './section';

/**
 * A titled panel of records whose title button opens an inline form for adding one.
 * `children` gets that button again, to offer in the list's empty state (none while the form is open).
 */
export function AddableSection({
  title,
  addLabel,
  form,
  children,
}: {
  title: string;
  addLabel: string;
  form: (close: () => void) => ReactNode;
  children: (addAction: ReactNode) => ReactNode;
}) {
  const [adding, { toggle, close }] = useDisclosure(false);
  const addButton = (
    <Button size="xs" onClick={toggle} aria-expanded={adding}>
      {adding ? 'Close the form' : addLabel}
    </Button>
  );
  return (
    <Section title={title} action={addButton}>
      {adding && (
        <Paper bg="gray.0" p="md" mb="md">
          {form(close)}
        </Paper>
      )}
      {children(adding ? undefined : addButton)}
    </Section>
  );
}
