import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

import { toApiError } from '../../lib/api';
import { Dialog } from '../../components/dialog';

/** Asks before a step that cannot be undone. */
export function ConfirmModal({
  opened,
  title,
  confirm,
  pending,
  error,
  onCancel,
  onConfirm,
  children,
}: {
  opened: boolean;
  title: string;
  confirm: string;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog opened={opened} onClose={onCancel} title={title}>
      <Stack gap="sm">
        <Text>{children}</Text>
        {error != null && (
          <Alert color="red" role="alert" title="Nothing was changed">
            {toApiError(error).detail ?? toApiError(error).title}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
