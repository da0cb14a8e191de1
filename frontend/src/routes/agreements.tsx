import { AgreementsDirectory } from '../features/partners/agreements-directory';

export function Component() {
  return <AgreementsDirectory />;
}
