import { NotFound } from '../components/page-states';

export function Component() {
  return <NotFound />;
}
