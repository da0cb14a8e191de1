import { GoalsList } from '../features/goals/goals-list';

export function Component() {
  return <GoalsList />;
}
