import { Button, Group, Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import { getSchoolOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { HistoryButton } from '../features/admin/history-button';
import { SchoolContacts } from '../features/directory/school-contacts';
import { SchoolProfile } from '../features/directory/school-profile';
import { AgreementsTable } from '../features/partners/agreements-table';
import { SchoolPartners } from '../features/partners/partner-chips';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { schoolId = '' } = useParams();
  const school = useQuery(getSchoolOptions({ path: { school_id: schoolId } }));
  usePageTitle(school.data?.name ?? 'School');
  if (school.isPending) return <Loading label="Loading school" />;
  if (school.isError) return <ErrorState error={school.error} onRetry={() => void school.refetch()} />;
  return (
    <>
      <HistoryButton recordId={schoolId} noun="school" />
      <SchoolProfile school={school.data} />
      <SchoolContacts schoolId={schoolId} />
      <Paper withBorder p="md" mb="lg">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Agreements
          </Title>
          <Button size="xs" component={Link} to={`/agreements/new?school_id=${schoolId}`}>
            New agreement
          </Button>
        </Group>
        <AgreementsTable
          filters={{ school_id: [schoolId] }}
          label={`Agreements at ${school.data.name}`}
          empty="No agreements name this school yet."
        />
      </Paper>
      <Paper withBorder p="md" mb="lg">
        <Title order={2} size="h4" mb="sm">
          Partners
        </Title>
        <SchoolPartners schoolId={schoolId} />
      </Paper>
    </>
  );
}
