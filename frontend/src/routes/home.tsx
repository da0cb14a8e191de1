import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';

import { useMe, useMyPersonId } from '../features/auth/session';
import { ContactsDue } from '../features/directory/contacts-due';
import { ExpiringAgreements, MyActionItems, OverdueCheckIns } from '../features/partners/attention';
import { useInteractiveMark } from '../lib/interactive';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Today');
  const me = useMe();
  const { personId, isPending } = useMyPersonId();
  // Today is interactive once every panel's first answer is drawn. The panels own their
  // queries: re-rendered whenever the count in flight changes, the mark waits for none.
  const queryClient = useQueryClient();
  useIsFetching();
  useInteractiveMark('home', !isPending, () => queryClient.isFetching() > 0);
  return (
    <Stack>
      <div>
        <Title order={1}>Today</Title>
        <Text>{me.data ? `What needs your attention, ${me.data.name}.` : 'What needs your attention.'}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <ExpiringAgreements />
        <OverdueCheckIns />
        <ContactsDue />
      </SimpleGrid>
      {!isPending && <MyActionItems personId={personId} />}
    </Stack>
  );
}
