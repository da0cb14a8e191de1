import { Anchor, Breadcrumbs, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import { getGoalOptions, getGoalQueryKey, listGoalsQueryKey, updateGoalMutation } from '../api/gen/@tanstack/react-query.gen';
import type { GoalUpdate } from '../api/gen/types.gen';
import { ErrorState, Loading } from '../components/page-states';
import { GoalForm } from '../features/goals/goal-form';
import { ifMatch } from '../lib/api';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { goalId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Always edit the newest version: a stale cached copy would only earn a 412.
  const goal = useQuery({ ...getGoalOptions({ path: { goal_id: goalId } }), staleTime: 0 });
  const update = useMutation(updateGoalMutation());
  usePageTitle(goal.data ? `Edit ${goal.data.title}` : 'Edit goal');
  if (goal.isPending) return <Loading label="Loading goal" />;
  if (goal.isError) return <ErrorState error={goal.error} />;
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/goals">
          Goals
        </Anchor>
        <Anchor component={Link} to={`/goals/${goalId}`}>
          {goal.data.title}
        </Anchor>
      </Breadcrumbs>
      <Title order={1} mb="md">
        Edit goal
      </Title>
      <GoalForm
        key={goal.data.id}
        goal={goal.data}
        onCancel={() => navigate(`/goals/${goalId}`)}
        onSave={async (body, version) => {
          const saved = await update.mutateAsync({ path: { goal_id: goalId }, body: body as GoalUpdate, headers: ifMatch(version!) });
          queryClient.setQueryData(getGoalQueryKey({ path: { goal_id: goalId } }), saved);
          void queryClient.invalidateQueries({ queryKey: listGoalsQueryKey() });
          notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'Goal saved.' });
          navigate(`/goals/${goalId}`);
          return saved;
        }}
      />
    </>
  );
}
