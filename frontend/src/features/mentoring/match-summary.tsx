import { Alert, Anchor, Breadcrumbs, Button, Group, Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { getMatchQueryKey, listMatchesQueryKey, updateMatchMutation } from '../../api/gen/@tanstack/react-query.gen';
import type { MatchRead, ProgramRead } from '../../api/gen/types.gen';
import { Fields } from '../../components/fields';
import { ifMatch, toApiError } from '../../lib/api';
import { formatDate, today } from '../../lib/format';
import { HealthBadge, MatchStatusBadge } from './badges';
import { healthLine } from './health-line';
import { mentorWord } from './vocabulary';

export function MatchSummary({
  match,
  program,
  mentorName,
  menteeName,
}: {
  match: MatchRead;
  program: ProgramRead | undefined;
  mentorName: string;
  menteeName: string;
}) {
  const words = mentorWord(program?.kind);
  const queryClient = useQueryClient();
  const update = useMutation(updateMatchMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const start = async () => {
    setFailure(null);
    try {
      const saved = await update.mutateAsync({
        path: { match_id: match.id },
        body: { status: 'active', started_on: today() },
        headers: ifMatch(match.version),
      });
      queryClient.setQueryData(getMatchQueryKey({ path: { match_id: match.id } }), saved);
      void queryClient.invalidateQueries({ queryKey: listMatchesQueryKey() });
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'The pair has started.' });
    } catch (error) {
      const e = toApiError(error);
      setFailure(e.status === 412 ? 'Someone changed this pair meanwhile; reload the page and try again.' : (e.detail ?? e.title));
    }
  };
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/mentoring">
          Mentoring and coaching
        </Anchor>
        {program && (
          <Anchor component={Link} to={`/mentoring/programs/${program.id}`}>
            {program.name}
          </Anchor>
        )}
      </Breadcrumbs>
      <Title order={1} mb={6}>
        {mentorName} and {menteeName}
      </Title>
      <Group gap="xs" mb="md">
        <MatchStatusBadge status={match.status} />
        <HealthBadge health={match.health} due={match.next_check_in_due} />
      </Group>
      <Paper withBorder p="md" mb="lg">
        <Text mb="sm" aria-live="polite" data-testid="health-line">
          {healthLine(match)}
        </Text>
        <Fields
          items={[
            [words.mentor, mentorName],
            [words.mentee, menteeName],
            ['Started', match.started_on ? formatDate(match.started_on) : 'not yet'],
            ['Check-ins', String(match.check_in_count)],
            ['Last check-in', match.last_check_in_on ? formatDate(match.last_check_in_on) : 'none yet'],
            ...(match.ended_on
              ? ([['Ended', `${formatDate(match.ended_on)}${match.end_reason ? ` (${match.end_reason})` : ''}`]] as [string, string][])
              : []),
          ]}
        />
        {match.status === 'proposed' && (
          <Group mt="md">
            <Button onClick={() => void start()} loading={update.isPending}>
              Start this pair today
            </Button>
            <Text size="sm">Check-ins can be logged once the pair has started.</Text>
          </Group>
        )}
        {failure && (
          <Alert color="red" role="alert" mt="sm" title="Not started">
            {failure}
          </Alert>
        )}
      </Paper>
    </>
  );
}
