import { PartnersDirectory } from '../features/partners/partners-directory';

export function Component() {
  return <PartnersDirectory />;
}
