import { useSearchParams } from 'react-router';

import { PeopleDirectory } from '../features/directory/people-directory';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const [params] = useSearchParams();
  usePageTitle(params.get('due') ? 'Contacts due for re-verification' : 'People');
  return <PeopleDirectory />;
}
