import { Anchor, List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { getAlignmentMetricsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { GoalRead } from '../../api/gen/types.gen';
import { ErrorState } from '../../components/page-states';
import { reasonsSentence } from './gap-reasons';

const PER_GAP = 3;

/** For each uncovered goal, the partners who could serve it and why, best fit first. */
export function GapSuggestions({ schoolId, schoolYear, goals }: { schoolId: string; schoolYear: string; goals: GoalRead[] }) {
  const coverage = useQuery(
    getAlignmentMetricsOptions({ query: { school_id: schoolId, school_year: schoolYear, limit: Math.min(Math.max(goals.length, 1), 500), suggestions: PER_GAP } }),
  );
  const gaps = new Map((coverage.data?.gaps ?? []).map((gap) => [gap.goal_id, gap]));
  return (
    <Paper withBorder p="md" mt="lg" component="section" aria-labelledby="gap-heading">
      <Title order={2} size="h4" mb="sm" id="gap-heading">
        Partners who could close the gaps
      </Title>
      {coverage.isPending ? (
        <Text>Looking for partners…</Text>
      ) : coverage.isError ? (
        <ErrorState error={coverage.error} onRetry={() => void coverage.refetch()} />
      ) : (
        goals.map((g) => {
          const partners = gaps.get(g.id)?.suggested_partners ?? [];
          return (
            <section key={g.id} aria-label={`Partners for ${g.title}`}>
              <Text fw={600} mt="sm">
                {g.title}
              </Text>
              {partners.length === 0 ? (
                <Text size="sm">
                  No partner in your district offers what this goal asks for yet. Look through the{' '}
                  <Anchor component={Link} to="/partners">
                    partner directory
                  </Anchor>
                  .
                </Text>
              ) : (
                <List size="sm">
                  {partners.map((p) => (
                    <List.Item key={p.partner_id}>
                      <Anchor component={Link} to={`/partners/${p.partner_id}`}>
                        {p.name}
                      </Anchor>
                      : {reasonsSentence(p.reasons)}
                    </List.Item>
                  ))}
                </List>
              )}
            </section>
          );
        })
      )}
    </Paper>
  );
}
