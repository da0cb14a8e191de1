import { Box, Group, Stack, Text } from '@mantine/core';

import type { MentoringImpact } from '../../../api/gen/types.gen';
import { largestN, percent, signed } from './intervals';

// Shade 9 of each keeps white text at AA contrast.
const BAND: Record<number, string> = { 5: 'grape.9', 4: 'violet.9', 3: 'indigo.9', 2: 'blue.9', 1: 'teal.9' };

type Level = { id: string; level: number; name: string; headline: string; n: string };

function firstShown<T extends { change: { withheld_reason: string | null; mean_change: number | null; n: number } }>(list: T[]) {
  return list.find((x) => x.change.withheld_reason == null && x.change.mean_change != null);
}

/** The five levels as a summary: what each shows first, and on how many. */
export function pyramidLevels(m: MentoringImpact): Level[] {
  const p = m.participation;
  const items = m.satisfaction.items;
  const shownItems = items.filter((i) => i.mean.withheld_reason == null && i.mean.value != null);
  const growth = firstShown(m.growth.surveys);
  const dims = m.performance.dimensions.filter((d) => d.change.withheld_reason == null && d.change.mean_change != null);
  const improved = dims.filter((d) => (d.change.ci_low ?? 0) > 0).length;
  const r = m.results.retention_12_months;
  return [
    {
      id: 'results',
      level: 5,
      name: 'Results',
      headline: r.mentees.withheld_reason
        ? `Retention withheld: ${r.mentees.withheld_reason}`
        : `${percent(r.mentees.value)} of mentees stayed 12 months vs ${r.comparison.withheld_reason ? 'comparison withheld' : `${percent(r.comparison.value)} of comparable staff`}`,
      n: `n = ${r.mentees.n} mentees, ${r.comparison.n} comparison`,
    },
    {
      id: 'performance',
      level: 4,
      name: 'Performance',
      headline: dims.length
        ? `${improved} of ${dims.length} rubric dimensions improved beyond their interval`
        : m.performance.dimensions.length
          ? 'Every rubric dimension withheld'
          : 'No rubric reviews in this period',
      n: largestN(m.performance.dimensions.map((d) => d.change.n)),
    },
    {
      id: 'growth',
      level: 3,
      name: 'Growth',
      headline: growth ? `Self-assessment ${signed(growth.change.mean_change!)} points pre to post` : 'Pre/post change withheld',
      n: growth ? `n = ${growth.change.n}` : '',
    },
    {
      id: 'satisfaction',
      level: 2,
      name: 'Satisfaction',
      headline: shownItems.length
        ? `Items average ${(shownItems.reduce((s, i) => s + i.mean.value!, 0) / shownItems.length).toFixed(2)} of 5`
        : 'No survey answers to show',
      n: largestN(shownItems.map((i) => i.mean.n)),
    },
    {
      id: 'participation',
      level: 1,
      name: 'Participation',
      headline: `${p.enrolled.people} ${p.enrolled.people === 1 ? 'person' : 'people'} enrolled, ${p.active_matches.n} active ${p.active_matches.n === 1 ? 'pair' : 'pairs'}`,
      n: p.cadence_adherence.value != null ? `${percent(p.cadence_adherence.value)} kept the cadence` : '',
    },
  ];
}

/** Narrow at the top (results) and wide at the base (participation); each band links to its detail. */
export function Pyramid({ impact }: { impact: MentoringImpact }) {
  const levels = pyramidLevels(impact);
  return (
    <Stack gap={4} component="ol" p={0} m={0} mb="lg" style={{ listStyle: 'none' }} aria-label="Outcome pyramid, top level first">
      {levels.map((l) => (
        <Box
          key={l.id}
          component="li"
          mx="auto"
          w={{ base: '100%', sm: `${56 + (5 - l.level) * 11}%` }}
          bg={BAND[l.level]}
          c="white"
          px="md"
          py={8}
          style={{ borderRadius: 6 }}
        >
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text fw={800} size="sm">
              <a href={`#level-${l.id}`} style={{ color: 'inherit' }}>
                {l.level}. {l.name}
              </a>
            </Text>
            <Text size="xs">{l.n}</Text>
          </Group>
          <Text size="sm">{l.headline}</Text>
        </Box>
      ))}
    </Stack>
  );
}
