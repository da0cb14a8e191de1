import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';

import { createGoalMutation, listGoalsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { GoalCreate } from '../api/gen/types.gen';
import { FormPage } from '../components/form-page';
import { GoalForm } from '../features/goals/goal-form';
import { currentSchoolYear } from '../features/goals/vocabulary';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const afterSave = useAfterSave();
  const create = useMutation(createGoalMutation());
  const schoolYear = params.get('school_year') ?? currentSchoolYear();
  const schoolId = params.get('school_id');
  return (
    <FormPage title="New goal">
      <GoalForm
        initial={{ school_year: schoolYear, school_id: schoolId }}
        onCancel={() => navigate(-1)}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as GoalCreate });
          return afterSave(saved, {
            list: listGoalsQueryKey(),
            notice: { closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'Goal created.' },
            to: `/goals/${saved.id}`,
          });
        }}
      />
    </FormPage>
  );
}
