import { Paper, Text, Title } from '@mantine/core';

import { Forbidden, Loading } from '../components/page-states';
import { ImportsList } from '../features/imports/imports-list';
import { UploadForm } from '../features/imports/upload-form';
import { useCanImport } from '../features/imports/use-can-import';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Imports');
  const can = useCanImport();
  if (can.pending) return <Loading />;
  if (!can.allowed) return <Forbidden />;
  return (
    <>
      <Title order={1}>Imports</Title>
      <Text mb="md">
        Bring in rosters, school directories and readings from files. Start with a dry run to see what would
        change.
      </Text>
      <Paper withBorder p="md" mb="lg">
        <Title order={2} size="h4" mb="sm">
          Upload a file
        </Title>
        <UploadForm isAdmin={can.isAdmin} />
      </Paper>
      <Title order={2} size="h4" mb="sm">
        Recent imports
      </Title>
      <ImportsList />
    </>
  );
}
