import { Anchor, Breadcrumbs, Button, Group, Select, Text } from '@mantine/core';
import { Link } from 'react-router';

import { schoolYearChoices } from '../vocabulary';

/** Screen-only controls above the summary: where it sits, which year, and print. */
export function SummaryToolbar({
  schoolId,
  schoolName,
  schoolYear,
  onSchoolYear,
}: {
  schoolId: string;
  schoolName: string | undefined;
  schoolYear: string;
  onSchoolYear: (year: string) => void;
}) {
  return (
    <div className="summary-toolbar">
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/schools">
          Schools
        </Anchor>
        <Anchor component={Link} to={`/schools/${schoolId}`}>
          {schoolName ?? 'School'}
        </Anchor>
        <Text span>Summary</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Select
          label="School year"
          data={schoolYearChoices()}
          value={schoolYear}
          onChange={(v) => v && onSchoolYear(v)}
          allowDeselect={false}
          w={160}
        />
        <Button onClick={() => window.print()}>Print summary</Button>
      </Group>
    </div>
  );
}
