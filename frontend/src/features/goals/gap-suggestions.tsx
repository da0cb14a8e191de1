import { Anchor, List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { client } from '../../api/gen/client.gen';
import type { GoalRead } from '../../api/gen/types.gen';

// The coverage endpoint (GET /metrics/alignment) is not in the generated client yet; read the
// fields this screen needs and say so plainly when it is not there.
type Suggestion = { partner_id?: string; name?: string; partner_name?: string; reasons?: (string | { text?: string })[] };
type Gap = { goal_id?: string; id?: string; suggested_partners?: Suggestion[]; suggestions?: Suggestion[] };

function gapsOf(body: unknown): Gap[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as Record<string, unknown>;
  const list = b.gaps ?? b.uncovered_goals ?? b.uncovered;
  return Array.isArray(list) ? (list as Gap[]) : [];
}

export function GapSuggestions({ schoolId, schoolYear, goals }: { schoolId: string; schoolYear: string; goals: GoalRead[] }) {
  const coverage = useQuery({
    queryKey: ['alignment-coverage', schoolId, schoolYear],
    queryFn: async () => {
      const { data, response } = await client.get({
        url: '/api/v1/metrics/alignment',
        query: { school_id: schoolId, school_year: schoolYear },
      });
      return response.ok ? data : null;
    },
    retry: false,
  });
  const gaps = gapsOf(coverage.data);
  return (
    <Paper withBorder p="md" mt="lg" component="section" aria-labelledby="gap-heading">
      <Title order={2} size="h4" mb="sm" id="gap-heading">
        Partners who could close the gaps
      </Title>
      {coverage.isPending ? (
        <Text>Looking for partners…</Text>
      ) : gaps.length === 0 ? (
        <Text>
          Suggested partners are not available here yet. Meanwhile, look for partners by the services each goal asks
          for in the{' '}
          <Anchor component={Link} to="/partners">
            partner directory
          </Anchor>
          .
        </Text>
      ) : (
        goals.map((g) => {
          const gap = gaps.find((x) => (x.goal_id ?? x.id) === g.id);
          const partners = gap?.suggested_partners ?? gap?.suggestions ?? [];
          return (
            <div key={g.id}>
              <Text fw={600} mt="sm">
                {g.title}
              </Text>
              {partners.length === 0 ? (
                <Text size="sm">No partner fits yet.</Text>
              ) : (
                <List size="sm">
                  {partners.map((p, i) => (
                    <List.Item key={p.partner_id ?? i}>
                      {p.partner_id ? <Anchor component={Link} to={`/partners/${p.partner_id}`}>{p.name ?? p.partner_name}</Anchor> : (p.name ?? p.partner_name)}
                      {p.reasons?.length ? `: ${p.reasons.map((r) => (typeof r === 'string' ? r : r.text)).join('; ')}` : ''}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
          );
        })
      )}
    </Paper>
  );
}
