import { Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';

import { getProgramOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { Caseloads } from '../features/mentoring/caseloads';
import { MatchesTable } from '../features/mentoring/matches-table';
import { ParticipantsTable } from '../features/mentoring/participants-table';
import { ProgramHeader } from '../features/mentoring/program-header';
import { Suggestions } from '../features/mentoring/suggestions';
import { usePageTitle } from '../lib/page-title';

const TABS = ['pairs', 'participants', 'suggestions', 'caseloads'] as const;

export function Component() {
  const { programId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'pairs';
  const program = useQuery(getProgramOptions({ path: { program_id: programId } }));
  usePageTitle(program.data?.name ?? 'Programme');
  if (program.isPending) return <Loading label="Loading programme" />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => void program.refetch()} />;
  const p = program.data;
  return (
    <>
      <ProgramHeader program={p} />
      <Tabs value={tab} onChange={(t) => setParams(t && t !== 'pairs' ? { tab: t } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="pairs">Pairs</Tabs.Tab>
          <Tabs.Tab value="participants">Participants</Tabs.Tab>
          <Tabs.Tab value="suggestions">Suggested pairs</Tabs.Tab>
          <Tabs.Tab value="caseloads">Caseloads</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pairs">
          <MatchesTable program={p} />
        </Tabs.Panel>
        <Tabs.Panel value="participants">
          <ParticipantsTable program={p} />
        </Tabs.Panel>
        <Tabs.Panel value="suggestions">
          <Suggestions program={p} />
        </Tabs.Panel>
        <Tabs.Panel value="caseloads">
          <Caseloads programId={p.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
