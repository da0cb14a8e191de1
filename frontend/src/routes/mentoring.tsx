import { Paper, Title } from '@mantine/core';

import { Caseloads } from '../features/mentoring/caseloads';
import { ProgramsList } from '../features/mentoring/programs-list';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Mentoring and coaching');
  return (
    <>
      <ProgramsList />
      <Paper withBorder p="md" mt="lg" component="section" aria-labelledby="caseloads-heading">
        <Title order={2} size="h4" mb="sm" id="caseloads-heading">
          Caseloads across programmes and sites
        </Title>
        <Caseloads />
      </Paper>
    </>
  );
}
