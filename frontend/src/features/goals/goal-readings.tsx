import { Badge, Box, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy } from 'react';

import { listMeasurementsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { GoalRead } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState, Loading } from '../../components/page-states';
import { formatDate } from '../../lib/format';
import { formatValue } from './format-value';
import { ReadingForm } from './reading-form';
import { expectedOn, isAhead, trajectoryOf } from './trajectory';

const GoalChart = lazy(() => import('./goal-chart'));

/** The goal's readings charted against the straight line to target, the same as a table, and a form to add one. */
export function GoalReadings({ goal, canAdd }: { goal: GoalRead; canAdd: boolean }) {
  const readings = useQuery(
    listMeasurementsOptions({ path: { goal_id: goal.id }, query: { limit: 500, sort: 'measured_on' } }),
  );
  const line = trajectoryOf(goal);
  const items = readings.data?.items ?? [];
  const summary = chartSummary(goal, items.length, line !== null);
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="readings-heading">
      <Title order={2} size="h4" mb="sm" id="readings-heading">
        Readings
      </Title>
      {readings.isPending ? (
        <Loading label="Loading readings" />
      ) : readings.isError ? (
        <ErrorState error={readings.error} onRetry={() => void readings.refetch()} />
      ) : (
        <>
          {items.length > 0 || line ? (
            <figure style={{ margin: 0 }}>
              <Box role="img" aria-label={summary} mb="xs">
                <Suspense fallback={<Loading label="Drawing the chart" />}>
                  <GoalChart readings={items} line={line} unit={goal.unit} />
                </Suspense>
              </Box>
              <Group gap="md" mb="sm" component="figcaption">
                <Group gap={6}>
                  <Box w={18} h={3} bg="#1864ab" aria-hidden />
                  <Text size="sm">Readings</Text>
                </Group>
                {line && (
                  <Group gap={6}>
                    <Box w={18} h={0} style={{ borderTop: '2px dashed #5c5f66' }} aria-hidden />
                    <Text size="sm">Straight line from baseline to target</Text>
                  </Group>
                )}
                {line && (
                  <Group gap={6}>
                    <Box w={10} h={10} bg="#1e6b30" style={{ borderRadius: '50%' }} aria-hidden />
                    <Text size="sm">Target</Text>
                  </Group>
                )}
              </Group>
            </figure>
          ) : null}
          <DataTable
            label="Readings, with where the straight line to target stood on each date"
            minWidth={300}
            striped
            columns={[{ label: 'Date' }, { label: 'Reading' }, { label: 'Line to target' }, { label: 'Source', visibleFrom: 'sm', fold: (r) => r.source }]}
            empty={`No readings yet${canAdd ? ': add the first below.' : '.'}`}
            items={items}
            row={(r, _index, folded) => {
              const expected = line ? expectedOn(line, r.measured_on) : null;
              return (
                <Table.Tr key={r.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(r.measured_on)}
                    {folded}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={600}>{formatValue(r.value, goal.unit)}</Text>
                      {expected != null && (
                        <Badge size="xs" variant="outline" miw="max-content" color={isAhead(r.value, expected, goal.direction ?? 'increase') ? '#1e6b30' : '#a63c06'}>
                          {isAhead(r.value, expected, goal.direction ?? 'increase') ? 'at or ahead' : 'behind'}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatValue(expected == null ? null : Math.round(expected * 100) / 100, goal.unit)}</Table.Td>
                  <Table.Td visibleFrom="sm">
                    {r.source || '—'}
                    {r.note ? ` · ${r.note}` : ''}
                  </Table.Td>
                </Table.Tr>
              );
            }}
          />
        </>
      )}
      {canAdd && <ReadingForm goal={goal} />}
    </Paper>
  );
}

function chartSummary(goal: GoalRead, count: number, hasLine: boolean): string {
  const line = hasLine
    ? ` against the straight line from ${formatValue(goal.baseline_value, goal.unit)} on ${formatDate(goal.baseline_date)} to ${formatValue(goal.target_value, goal.unit)} on ${formatDate(goal.target_date)}`
    : '';
  const latest = goal.latest != null ? `; latest ${formatValue(goal.latest, goal.unit)} on ${formatDate(goal.last_measured_on)}` : '';
  return `Chart of ${count} reading${count === 1 ? '' : 's'}${line}${latest}. The table below lists every reading.`;
}
