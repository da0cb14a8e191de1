import { Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';

import { Loading } from '../../components/page-states';
import { useMe } from '../auth/session';
import { Dialog } from '../../components/dialog';

// The history and its table load only when someone opens it.
const RecordHistory = lazy(() => import('./record-history'));

/** A "History" button on a record's page, for administrators and district managers. */
export function HistoryButton({ recordId, noun }: { recordId: string; noun: string }) {
  const me = useMe();
  const [opened, { open, close }] = useDisclosure(false);
  const role = me.data?.role;
  if (role !== 'admin' && role !== 'district_manager') return null;
  return (
    <Group justify="flex-end" mb="xs">
      <Button size="xs" variant="default" onClick={open} aria-haspopup="dialog">
        History
      </Button>
      <Dialog side opened={opened} onClose={close} size="lg" title={`History of this ${noun}`}>
        {opened && (
          <Suspense fallback={<Loading label="Loading history" />}>
            <RecordHistory recordId={recordId} noun={noun} />
          </Suspense>
        )}
      </Dialog>
    </Group>
  );
}
