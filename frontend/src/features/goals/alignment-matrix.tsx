import { Alert, Anchor, Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import {
  createAlignmentMutation,
  listAgreementsOptions,
  listAlignmentsOptions,
  listAlignmentsQueryKey,
  listGoalsOptions,
  listGoalsQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import type { AgreementRead, GoalRead, Strength } from '../../api/gen/types.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { toApiError } from '../../lib/api';
import { humanize } from '../../lib/format';
import { useInteractiveMark } from '../../lib/interactive';
import { useNarrow } from '../../lib/narrow';
import { uncoveredGoals } from './coverage';
import { GapSuggestions } from './gap-suggestions';

const LIVE = ['draft', 'proposed', 'active'] as const;

/** Goals down the side, the agreements serving the school across the top, strength in each cell. */
export function AlignmentMatrix({ schoolId, schoolYear }: { schoolId: string; schoolYear: string }) {
  const queryClient = useQueryClient();
  const goals = useQuery(listGoalsOptions({ query: { school_id: [schoolId], school_year: [schoolYear], limit: 100 } }));
  const agreements = useQuery(listAgreementsOptions({ query: { school_id: [schoolId], status: [...LIVE], limit: 100, sort: 'title' } }));
  const alignments = useQuery(listAlignmentsOptions({ query: { school_id: [schoolId], limit: 500 } }));
  const align = useMutation(createAlignmentMutation());
  const narrow = useNarrow();
  // The matrix's time-to-interactive: goals, agreements and alignments all drawn.
  useInteractiveMark('alignment', Boolean(goals.data && agreements.data && alignments.data));

  if (goals.isPending || agreements.isPending || alignments.isPending) return <Loading label="Loading the matrix" />;
  if (!goals.data || !agreements.data || !alignments.data) {
    return <ErrorState error={goals.error ?? agreements.error ?? alignments.error} />;
  }

  const rows = [...goals.data.items].filter((g) => g.status !== 'dropped').sort((a, b) => (a.priority ?? 1000) - (b.priority ?? 1000));
  const columns = agreements.data.items;
  const cell = new Map(alignments.data.items.map((a) => [`${a.goal_id}:${a.agreement_id}`, a]));
  const gaps = uncoveredGoals(rows, alignments.data.items, columns);

  const create = async (goal: GoalRead, agreement: AgreementRead, strength: Strength) => {
    try {
      await align.mutateAsync({ body: { goal_id: goal.id, agreement_id: agreement.id, strength } });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: listAlignmentsQueryKey() }),
        queryClient.invalidateQueries({ queryKey: listGoalsQueryKey() }),
      ]);
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: `${agreement.title} now supports “${goal.title}”.` });
    } catch (error) {
      const e = toApiError(error);
      notifications.show({ color: 'red', closeButtonProps: { 'aria-label': 'Dismiss' }, title: 'Not aligned', message: e.detail ?? e.title });
    }
  };

  const cellFor = (g: GoalRead, a: AgreementRead) => {
    const found = cell.get(`${g.id}:${a.id}`);
    return found ? (
      <Badge variant={found.strength === 'primary' ? 'filled' : 'outline'} color="blue.9">
        {humanize(found.strength ?? 'supporting')}
      </Badge>
    ) : (
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="subtle" size="compact-xs" aria-label={`Align ${a.title} to ${g.title}`}>
            Align…
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void create(g, a, 'primary')}>As primary support</Menu.Item>
          <Menu.Item onClick={() => void create(g, a, 'supporting')}>As supporting</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    );
  };

  if (rows.length === 0) {
    return (
      <Text>
        No goals for {schoolYear} yet.{' '}
        <Anchor component={Link} to={`/goals/new?school_id=${schoolId}&school_year=${schoolYear}`}>
          Set the first
        </Anchor>
      </Text>
    );
  }
  return (
    <>
      <Text mb="sm">
        {gaps.size === 0
          ? 'Every active goal has an active agreement behind it.'
          : `${gaps.size} active goal${gaps.size === 1 ? ' has' : 's have'} no active agreement behind ${gaps.size === 1 ? 'it' : 'them'} (highlighted).`}
      </Text>
      {columns.length === 0 && (
        <Alert color="gray" mb="sm">
          No agreement serves this school yet.{' '}
          <Anchor component={Link} to={`/agreements/new?school_id=${schoolId}`}>
            Start one
          </Anchor>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={narrow ? 300 : Math.max(480, 260 + columns.length * 150)}>
        <Table withTableBorder withColumnBorders aria-label="Goals and the agreements aligned to them">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{narrow ? "Goal and the school's agreements" : 'Goal'}</Table.Th>
              {!narrow && columns.map((a) => (
                <Table.Th key={a.id} miw={140}>
                  <Anchor component={Link} to={`/agreements/${a.id}`} size="sm" fw={600}>
                    {a.title}
                  </Anchor>
                  <Text size="xs">{humanize(a.status)}</Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((g) => (
              <Table.Tr key={g.id} bg={gaps.has(g.id) ? 'orange.0' : undefined}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/goals/${g.id}`} size="sm">
                    {g.title}
                  </Anchor>
                  {gaps.has(g.id) && (
                    <Badge ml="xs" size="sm" variant="filled" color="#a63c06">
                      Gap
                    </Badge>
                  )}
                  {/* Phones fold each agreement under the goal, indented so it does not read as another goal. */}
                  {narrow && columns.length > 0 && (
                    <Stack gap={4} mt="xs" pl="sm" style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}>
                      {columns.map((a) => (
                        <Group key={a.id} gap="xs" wrap="nowrap" justify="space-between">
                          <Anchor component={Link} to={`/agreements/${a.id}`} size="sm" fw={400}>
                            {a.title}
                          </Anchor>
                          {cellFor(g, a)}
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Table.Th>
                {!narrow && columns.map((a) => <Table.Td key={a.id}>{cellFor(g, a)}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {gaps.size > 0 && <GapSuggestions schoolId={schoolId} schoolYear={schoolYear} goals={rows.filter((g) => gaps.has(g.id))} />}
    </>
  );
}
