import { GoalsList } from '../features/goals/goals-list';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Goals');
  return <GoalsList />;
}
