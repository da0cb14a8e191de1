import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import { getGoalOptions, getGoalQueryKey, listGoalsQueryKey, updateGoalMutation } from '../api/gen/@tanstack/react-query.gen';
import type { GoalUpdate } from '../api/gen/types.gen';
import { EditPage } from '../components/edit-page';
import { GoalForm } from '../features/goals/goal-form';
import { ifMatch } from '../lib/api';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const { goalId = '' } = useParams();
  const path = { goal_id: goalId };
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const update = useMutation(updateGoalMutation());
  const back = `/goals/${goalId}`;
  return (
    <EditPage
      query={getGoalOptions({ path })}
      noun="goal"
      title={(g) => `Edit ${g.title}`}
      heading={() => 'Edit goal'}
      trail={(g) => [['Goals', '/goals'], [g.title, back]]}
    >
      {(goal) => (
        <GoalForm
          key={goal.id}
          goal={goal}
          onCancel={() => navigate(back)}
          onSave={async (body, version) =>
            afterSave(await update.mutateAsync({ path, body: body as GoalUpdate, headers: ifMatch(version!) }), {
              record: getGoalQueryKey({ path }),
              list: listGoalsQueryKey(),
              notice: { closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'Goal saved.' },
              to: back,
            })
          }
        />
      )}
    </EditPage>
  );
}
