import { Button, Group } from '@mantine/core';

/** A form's submit button, with Cancel after it when the form can be left unsaved. */
export function FormActions({ submit, loading, onCancel }: { submit: string; loading: boolean; onCancel?: () => void }) {
  return (
    <Group>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
      {onCancel && (
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </Group>
  );
}
