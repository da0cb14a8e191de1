import { Alert, Button, Checkbox, Group, List, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createMatchMutation,
  getCaseloadsQueryKey,
  getMatchSuggestionsOptions,
  getMatchSuggestionsQueryKey,
  listMatchesQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import type { ProgramRead, SameSchool, SuggestedPair } from '../../api/gen/types.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { toApiError } from '../../lib/api';
import { mentorWord } from './vocabulary';

const pairKey = (p: SuggestedPair) => `${p.mentor.id}:${p.mentee.id}`;

/**
 * The optimal assignment of unmatched mentees to mentors with room, each pair with its score and
 * reasons. The coordinator ticks the pairs to keep; accepting proposes those matches.
 */
export function Suggestions({ program }: { program: ProgramRead }) {
  const words = mentorWord(program.kind);
  const queryClient = useQueryClient();
  const [sameSchool, setSameSchool] = useState<SameSchool>('allow');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [failures, setFailures] = useState<string[]>([]);
  const suggestions = useQuery({
    ...getMatchSuggestionsOptions({ path: { program_id: program.id }, query: { same_school: sameSchool, limit: 100 } }),
    staleTime: 0,
  });
  const create = useMutation(createMatchMutation());
  const [accepting, setAccepting] = useState(false);

  if (suggestions.isPending) return <Loading label="Finding the best pairs" />;
  if (suggestions.isError) return <ErrorState error={suggestions.error} onRetry={() => void suggestions.refetch()} />;
  const s = suggestions.data;
  const toggle = (key: string) =>
    setChosen((now) => {
      const next = new Set(now);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const accept = async () => {
    setAccepting(true);
    setFailures([]);
    const picked = s.pairs.filter((p) => chosen.has(pairKey(p)));
    const problems: string[] = [];
    let made = 0;
    // One at a time: each accepted pair uses capacity the next may need.
    for (const pair of picked) {
      try {
        await create.mutateAsync({ body: pair.accept });
        made += 1;
      } catch (error) {
        const e = toApiError(error);
        problems.push(`${pair.mentor.name ?? words.mentor} and ${pair.mentee.name ?? words.mentee}: ${e.detail ?? e.title}`);
      }
    }
    setAccepting(false);
    setFailures(problems);
    setChosen(new Set());
    if (made > 0) notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: `${made} pair${made === 1 ? '' : 's'} proposed.` });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: getMatchSuggestionsQueryKey({ path: { program_id: program.id } }) }),
      queryClient.invalidateQueries({ queryKey: listMatchesQueryKey() }),
      queryClient.invalidateQueries({ queryKey: getCaseloadsQueryKey() }),
    ]);
  };

  return (
    <Stack>
      <Text>
        {s.mentees_unmatched} {words.mentee.toLowerCase()}
        {s.mentees_unmatched === 1 ? '' : 's'} without a pair; {s.mentors_considered} {words.mentor.toLowerCase()}
        {s.mentors_considered === 1 ? '' : 's'} with {s.places} place{s.places === 1 ? '' : 's'} free. The best
        assignment pairs {s.suggested} with a total score of {s.total_score}.
      </Text>
      <Group gap="sm">
        <Text size="sm" id="same-school-label">
          Pairs in the same school:
        </Text>
        <SegmentedControl
          aria-labelledby="same-school-label"
          size="xs"
          value={sameSchool}
          onChange={(v) => {
            setSameSchool(v as SameSchool);
            setChosen(new Set());
          }}
          data={[
            { value: 'allow', label: 'Allowed' },
            { value: 'avoid', label: 'Avoided' },
          ]}
        />
      </Group>
      {failures.length > 0 && (
        <Alert color="red" role="alert" title="Some pairs were not proposed">
          <List size="sm">
            {failures.map((f) => (
              <List.Item key={f}>{f}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {s.pairs.length === 0 ? (
        <Text>No pairs to suggest: every {words.mentee.toLowerCase()} has a pair, or no {words.mentor.toLowerCase()} has room.</Text>
      ) : (
        <>
          <Group gap="sm">
            <Button variant="default" size="xs" onClick={() => setChosen(new Set(s.pairs.map(pairKey)))}>
              Select all
            </Button>
            <Button variant="default" size="xs" onClick={() => setChosen(new Set())} disabled={chosen.size === 0}>
              Clear
            </Button>
          </Group>
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Suggested pairs">
            {s.pairs.map((p) => {
              const key = pairKey(p);
              return (
                <Paper key={key} component="li" withBorder p="sm" bg={chosen.has(key) ? 'blue.0' : undefined}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <Checkbox
                      checked={chosen.has(key)}
                      onChange={() => toggle(key)}
                      label={
                        <Text fw={600} span>
                          {p.mentor.name ?? words.mentor} → {p.mentee.name ?? words.mentee}
                        </Text>
                      }
                      aria-label={`Accept ${p.mentor.name} as ${words.mentor.toLowerCase()} of ${p.mentee.name}`}
                    />
                    <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                      score {p.score}
                    </Text>
                  </Group>
                  <List size="sm" mt={4} ml={30}>
                    {p.reasons.map((r) => (
                      <List.Item key={r.code}>
                        {r.text} <Text span c="dimmed" size="xs">(+{r.points})</Text>
                      </List.Item>
                    ))}
                  </List>
                </Paper>
              );
            })}
          </Stack>
          <Group>
            <Button onClick={() => void accept()} disabled={chosen.size === 0} loading={accepting}>
              Propose {chosen.size} selected pair{chosen.size === 1 ? '' : 's'}
            </Button>
          </Group>
        </>
      )}
      {s.unmatched.length > 0 && (
        <div>
          <Title order={3} size="h5" mb="xs">
            Left without a suggestion ({s.unmatched_total})
          </Title>
          <List size="sm">
            {s.unmatched.map((u) => (
              <List.Item key={u.mentee.id}>
                <Text span fw={600}>
                  {u.mentee.name ?? words.mentee}
                </Text>
                : {u.text}
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}
