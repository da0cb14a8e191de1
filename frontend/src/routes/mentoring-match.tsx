import { Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getMatchOptions, getProgramOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { HistoryButton } from '../features/admin/history-button';
import { CheckInForm } from '../features/mentoring/check-in-form';
import { CheckInsList } from '../features/mentoring/check-ins-list';
import { MatchSummary } from '../features/mentoring/match-summary';
import { useParticipantNames, useParticipants } from '../features/mentoring/use-participant-names';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { matchId = '' } = useParams();
  const match = useQuery(getMatchOptions({ path: { match_id: matchId } }));
  const programId = match.data?.program_id;
  const program = useQuery({ ...getProgramOptions({ path: { program_id: programId ?? '' } }), enabled: Boolean(programId) });
  const participants = useParticipants(programId);
  const names = useParticipantNames(participants.data?.items, match.data ? [match.data.mentor_id, match.data.mentee_id] : []);
  const mentor = match.data ? names.get(match.data.mentor_id) : undefined;
  const mentee = match.data ? names.get(match.data.mentee_id) : undefined;
  usePageTitle(mentor && mentee && mentor !== '…' && mentee !== '…' ? `${mentor} and ${mentee}` : 'Pair');
  if (match.isPending) return <Loading label="Loading pair" />;
  if (match.isError) return <ErrorState error={match.error} onRetry={() => void match.refetch()} />;
  const m = match.data;
  return (
    <>
      <HistoryButton recordId={m.id} noun="pair" />
      <MatchSummary match={m} program={program.data} mentorName={names.get(m.mentor_id) ?? '…'} menteeName={names.get(m.mentee_id) ?? '…'} />
      {m.status === 'active' && (
        <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="log-heading">
          <Title order={2} size="h4" mb="sm" id="log-heading">
            Log a check-in
          </Title>
          <CheckInForm match={m} />
        </Paper>
      )}
      <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="check-ins-heading">
        <Title order={2} size="h4" mb="sm" id="check-ins-heading">
          Check-ins
        </Title>
        <CheckInsList matchId={m.id} />
      </Paper>
    </>
  );
}
