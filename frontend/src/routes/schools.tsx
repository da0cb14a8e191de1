import { SchoolsDirectory } from '../features/directory/schools-directory';

export function Component() {
  return <SchoolsDirectory />;
}
