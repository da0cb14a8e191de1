import { ActionIcon, Button, Fieldset, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A fieldset of like rows (a form's list field): each row's fields and its Remove button, then
 * an Add button. `noun` names a row: "Remove service 2", "Add service".
 */
export function RepeatedFields({
  legend,
  noun,
  keys,
  disabled,
  onAdd,
  onRemove,
  children,
}: {
  legend: string;
  noun: string;
  /** A stable key for each row. */
  keys: string[];
  disabled?: boolean;
  onAdd: () => void;
  onRemove: (index: number) => void;
  children: (index: number) => ReactNode;
}) {
  return (
    <Fieldset legend={legend} disabled={disabled}>
      <Stack gap="xs">
        {keys.map((key, i) => (
          <Group key={key} align="flex-end" gap="xs" wrap="wrap">
            {children(i)}
            <ActionIcon variant="default" size="lg" mb={2} aria-label={`Remove ${noun} ${i + 1}`} onClick={() => onRemove(i)}>
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={onAdd}>
            {`Add ${noun}`}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
