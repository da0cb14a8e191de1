import { Anchor, Badge, Breadcrumbs, Group, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { ProgramRead } from '../../api/gen/types.gen';
import { formatDate, humanize } from '../../lib/format';
import { ProgramFormButton } from './program-form';
import { useCanRunPrograms } from '../auth/permissions';

export function ProgramHeader({ program }: { program: ProgramRead }) {
  const canRun = useCanRunPrograms();
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/mentoring">
          Mentoring and coaching
        </Anchor>
        <Text span>{program.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between">
        <Title order={1}>{program.name}</Title>
        {canRun && <ProgramFormButton program={program} />}
      </Group>
      <Group gap="xs" mt={6} mb="xs">
        <Badge variant="outline" color="gray.8">
          {humanize(program.kind)}
        </Badge>
        <Badge variant="outline" miw="max-content" color={program.status === 'active' ? '#1e6b30' : 'gray.8'}>
          {humanize(program.status ?? 'planned')}
        </Badge>
        <Text size="sm">
          Check in every {program.cadence_days} days · target {program.target_caseload} per{' '}
          {program.kind === 'coaching' ? 'coach' : 'mentor'} · since {formatDate(program.start_date)}
        </Text>
      </Group>
      {program.objectives && <Text mb="md">{program.objectives}</Text>}
    </>
  );
}
