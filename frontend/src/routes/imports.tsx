import { Text, Title } from '@mantine/core';

import { Forbidden, Loading } from '../components/page-states';
import { Section } from '../components/section';
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
      <Section title="Upload a file">
        <UploadForm isAdmin={can.isAdmin} />
      </Section>
      <Title order={2} size="h4" mb="sm">
        Recent imports
      </Title>
      <ImportsList />
    </>
  );
}
