import { ImpactDashboard } from '../features/mentoring/impact/impact-dashboard';

export function Component() {
  return <ImpactDashboard />;
}
