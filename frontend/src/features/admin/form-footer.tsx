import { Alert, Button, Group } from '@mantine/core';

import { toApiError } from '../../lib/api';

/** Why a save failed (a concurrent edit said plainly), then Cancel and the submit button. */
export function FormFooter({
  noun,
  editing,
  failed,
  pending,
  onCancel,
}: {
  noun: string;
  editing: boolean;
  failed: unknown;
  pending: boolean;
  onCancel: () => void;
}) {
  const e = failed ? toApiError(failed) : null;
  return (
    <>
      {e && (
        <Alert color="red" role="alert" title={`The ${noun} was not ${editing ? 'saved' : 'created'}`}>
          {e.status === 412
            ? `Someone changed this ${noun} meanwhile. Close the form and open it again to see their change.`
            : (e.detail ?? e.title)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          {editing ? `Save ${noun}` : `Create ${noun}`}
        </Button>
      </Group>
    </>
  );
}
