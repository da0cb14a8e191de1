import { NotFound } from '../components/page-states';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Not found');
  return <NotFound />;
}
