import { ImpactDashboard } from '../features/mentoring/impact/impact-dashboard';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Impact of mentoring and coaching');
  return <ImpactDashboard />;
}
