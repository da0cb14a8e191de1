import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getGoalOptions } from '../api/gen/@tanstack/react-query.gen';
import { QueryGate } from '../components/query-gate';
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
  return (
    <QueryGate query={goal} loading="Loading goal" retry>
      {(g) => (
        <>
          <HistoryButton recordId={g.id} noun="goal" />
          <GoalHeader goal={g} schoolName={g.school_id ? names.get(g.school_id) : undefined} />
          <GoalReadings goal={g} canAdd={g.status !== 'dropped'} />
        </>
      )}
    </QueryGate>
  );
}
