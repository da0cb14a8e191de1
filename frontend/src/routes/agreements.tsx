import { AgreementsDirectory } from '../features/partners/agreements-directory';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Agreements');
  return <AgreementsDirectory />;
}
