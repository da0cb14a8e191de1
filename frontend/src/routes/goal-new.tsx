import { Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';

import { createGoalMutation, listGoalsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { GoalCreate } from '../api/gen/types.gen';
import { GoalForm } from '../features/goals/goal-form';
import { currentSchoolYear } from '../features/goals/vocabulary';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const create = useMutation(createGoalMutation());
  const schoolYear = params.get('school_year') ?? currentSchoolYear();
  const schoolId = params.get('school_id');
  usePageTitle('New goal');
  return (
    <>
      <Title order={1} mb="md">
        New goal
      </Title>
      <GoalForm
        initial={{ school_year: schoolYear, school_id: schoolId }}
        onCancel={() => navigate(-1)}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as GoalCreate });
          void queryClient.invalidateQueries({ queryKey: listGoalsQueryKey() });
          notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'Goal created.' });
          navigate(`/goals/${saved.id}`);
          return saved;
        }}
      />
    </>
  );
}
