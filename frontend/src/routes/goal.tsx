import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getGoalOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { HistoryButton } from '../features/admin/history-button';
import { GoalHeader } from '../features/goals/goal-header';
import { GoalReadings } from '../features/goals/goal-readings';
import { useSchoolNames } from '../lib/use-school-names';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { goalId = '' } = useParams();
  const goal = useQuery(getGoalOptions({ path: { goal_id: goalId } }));
  const names = useSchoolNames([goal.data?.school_id]);
  usePageTitle(goal.data?.title ?? 'Goal');
  if (goal.isPending) return <Loading label="Loading goal" />;
  if (goal.isError) return <ErrorState error={goal.error} onRetry={() => void goal.refetch()} />;
  const g = goal.data;
  return (
    <>
      <HistoryButton recordId={g.id} noun="goal" />
      <GoalHeader goal={g} schoolName={g.school_id ? names.get(g.school_id) : undefined} />
      <GoalReadings goal={g} canAdd={g.status !== 'dropped'} />
    </>
  );
}
