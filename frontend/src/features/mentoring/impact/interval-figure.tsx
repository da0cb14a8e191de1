import { Box, Table, Text } from '@mantine/core';
import { Suspense, lazy } from 'react';

import { Loading } from '../../../components/page-states';
import { type IntervalRow, intervalDomain } from './intervals';

const IntervalChart = lazy(() => import('./interval-chart'));

export type IntervalEntry = {
  label: string;
  n: number;
  value: number | null;
  low: number | null;
  high: number | null;
  withheld: string | null;
  extra?: string;
};

/**
 * Estimates with their 95 % intervals: a chart for the eye and the same figures as a table (the
 * chart's text alternative). Withheld entries appear only in the table, with the reason.
 */
export function IntervalFigure({
  caption,
  entries,
  format,
  zeroLine,
  step = 0.25,
  valueHeading,
  rowHeading,
}: {
  caption: string;
  entries: IntervalEntry[];
  format: (v: number) => string;
  zeroLine?: boolean;
  step?: number;
  valueHeading: string;
  /** What each row is: a rubric dimension, a survey, a group of people. */
  rowHeading: string;
}) {
  const rows: IntervalRow[] = entries
    .filter((e) => e.withheld == null && e.value != null && e.low != null && e.high != null)
    .map((e) => ({ label: e.label, value: e.value!, low: e.low!, high: e.high! }));
  const interval = (e: IntervalEntry) => (e.low == null || e.high == null ? '—' : `${format(e.low)} to ${format(e.high)}`);
  const summary = rows.length
    ? `${caption}: ${rows.map((r) => `${r.label} ${format(r.value)} (95% interval ${format(r.low)} to ${format(r.high)})`).join('; ')}.`
    : `${caption}: nothing to draw.`;
  return (
    <figure style={{ margin: 0 }}>
      {rows.length > 0 && (
        <Box role="img" aria-label={summary}>
          <Suspense fallback={<Loading label="Drawing the chart" />}>
            <IntervalChart rows={rows} domain={intervalDomain(rows, Boolean(zeroLine), step)} step={step} format={format} zeroLine={zeroLine} />
          </Suspense>
        </Box>
      )}
      <Text component="figcaption" size="sm" c="dimmed" mb="xs">
        {caption}. Dots are estimates, whiskers their 95% intervals{zeroLine ? '; the dark line is no change' : ''}.
      </Text>
      {entries.length === 0 ? (
        <Text size="sm">No figures for this period yet.</Text>
      ) : (
      <Table.ScrollContainer minWidth={300}>
        <Table withTableBorder fz="sm" aria-label={caption}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{rowHeading}</Table.Th>
              <Table.Th visibleFrom="sm">n</Table.Th>
              <Table.Th>{valueHeading}</Table.Th>
              <Table.Th visibleFrom="sm">95% interval</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.label}>
                <Table.Th scope="row" fw={500}>
                  {e.label}
                  {/* Phones fold n and the interval under the label, so the table fits without scrolling. */}
                  <Text size="xs" fw={400} hiddenFrom="sm">
                    n = {e.n}
                    {e.withheld ? '' : `, 95% interval ${interval(e)}`}
                  </Text>
                </Table.Th>
                <Table.Td visibleFrom="sm">{e.n}</Table.Td>
                {e.withheld ? (
                  <>
                    <Table.Td colSpan={2} visibleFrom="sm">
                      <Withheld reason={e.withheld} />
                    </Table.Td>
                    <Table.Td hiddenFrom="sm">
                      <Withheld reason={e.withheld} />
                    </Table.Td>
                  </>
                ) : (
                  <>
                    <Table.Td>
                      {e.value == null ? '—' : format(e.value)}
                      {e.extra ? ` ${e.extra}` : ''}
                    </Table.Td>
                    <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                      {interval(e)}
                    </Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      )}
    </figure>
  );
}

function Withheld({ reason }: { reason: string }) {
  return (
    <Text size="sm" c="#a63c06">
      Withheld: {reason}
    </Text>
  );
}
