import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { createImportMutation, listImportsQueryKey } from '../../api/gen/@tanstack/react-query.gen';
import type { CreateImportData } from '../../api/gen/types.gen';

export type ImportBody = CreateImportData['body'];

/** Uploads a file as a new job and opens the job's page; a failure is thrown to the form. */
export function useStartImport() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(createImportMutation());
  const start = async (body: ImportBody) => {
    // A retried click reuses nothing: every upload is its own job.
    const job = await create.mutateAsync({ body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
    void queryClient.invalidateQueries({ queryKey: listImportsQueryKey() });
    notifications.show({ color: 'green', message: body.dry_run ? 'Dry run started.' : 'Import started.' });
    navigate(`/imports/${job.id}`);
  };
  return { start, isPending: create.isPending };
}
