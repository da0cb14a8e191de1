import { Anchor, Breadcrumbs, Select, SimpleGrid, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';

import { AlignmentMatrix } from '../features/goals/alignment-matrix';
import { SchoolSelect } from '../features/goals/school-select';
import { currentSchoolYear, schoolYearChoices } from '../features/goals/vocabulary';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const [params, setParams] = useSearchParams();
  const schoolId = params.get('school_id');
  const year = params.get('school_year') ?? currentSchoolYear();
  usePageTitle('Goal alignment');
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/goals">
          Goals
        </Anchor>
        <Text span>Alignment</Text>
      </Breadcrumbs>
      <Title order={1} mb="md">
        Which agreements serve which goals
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mb="md">
        <SchoolSelect value={schoolId} onChange={(id) => set('school_id', id)} placeholder="Choose a school" />
        <Select label="School year" data={schoolYearChoices()} value={year} onChange={(v) => set('school_year', v)} allowDeselect={false} />
      </SimpleGrid>
      {schoolId ? <AlignmentMatrix schoolId={schoolId} schoolYear={year} /> : <Text>Choose a school to see its goals against its agreements.</Text>}
    </>
  );
}
