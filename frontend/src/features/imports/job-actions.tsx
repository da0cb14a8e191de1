import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  applyImportMutation,
  cancelImportMutation,
  getImportQueryKey,
  listImportsQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import { getImportFailedRows } from '../../api/gen/sdk.gen';
import type { ImportJobRead } from '../../api/gen/types.gen';
import { toApiError } from '../../lib/api';
import { saveBlob } from '../../lib/download';
import { Dialog } from '../../components/dialog';

/** Apply a dry run (after a confirmation), cancel a queued job, fetch the refused lines. */
export function JobActions({ job }: { job: ImportJobRead }) {
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const apply = useMutation(applyImportMutation());
  const cancel = useMutation(cancelImportMutation());
  const path = { job_id: job.id };

  const refresh = (result: ImportJobRead) => {
    queryClient.setQueryData(getImportQueryKey({ path }), result);
    void queryClient.invalidateQueries({ queryKey: listImportsQueryKey() });
  };
  const run = async (action: 'apply' | 'cancel') => {
    setFailure(null);
    try {
      const mutation = action === 'apply' ? apply : cancel;
      refresh(await mutation.mutateAsync({ path, headers: { 'Idempotency-Key': crypto.randomUUID() } }));
      notifications.show({ color: 'green', message: action === 'apply' ? 'Import applied.' : 'Import cancelled.' });
    } catch (error) {
      const e = toApiError(error);
      if (e.status === 409) void queryClient.invalidateQueries({ queryKey: getImportQueryKey({ path }) });
      setFailure(e.detail ?? e.title);
    } finally {
      setConfirming(false);
    }
  };
  const download = async () => {
    try {
      const { data } = await getImportFailedRows({ path, parseAs: 'blob', throwOnError: true });
      saveBlob(data as unknown as Blob, `${job.file_name.replace(/\.[^.]*$/, '')}-failed-rows.csv`);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Download failed', message: toApiError(error).message });
    }
  };

  return (
    <>
      {failure && (
        <Alert color="red" role="alert" mb="sm" withCloseButton onClose={() => setFailure(null)}>
          {failure}
        </Alert>
      )}
      <Group gap="xs" role="group" aria-label="Job actions">
        {job.status === 'dry_run_ready' && <Button onClick={() => setConfirming(true)}>Apply</Button>}
        {job.status === 'queued' && (
          <Button variant="outline" color="red.9" loading={cancel.isPending} onClick={() => void run('cancel')}>
            Cancel
          </Button>
        )}
        {job.error_count > 0 && (
          <Button variant="default" onClick={() => void download()}>
            Download failed rows
          </Button>
        )}
      </Group>
      <Dialog opened={confirming} onClose={() => setConfirming(false)} title={`Apply ${job.file_name}?`}>
        <Text mb="md">
          This runs the import for real with the same file and options: {job.counts.created ?? 0} records created,{' '}
          {job.counts.updated ?? 0} updated and {job.counts.would_deactivate ?? 0} deactivated, as the dry run found.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Back
          </Button>
          <Button loading={apply.isPending} onClick={() => void run('apply')}>
            Apply the import
          </Button>
        </Group>
      </Dialog>
    </>
  );
}
