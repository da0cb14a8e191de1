import { PartnersDirectory } from '../features/partners/partners-directory';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('Partners');
  return <PartnersDirectory />;
}
