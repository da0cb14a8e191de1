import { SchoolsDirectory } from '../features/directory/schools-directory';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Schools');
  return <SchoolsDirectory />;
}
