import { listSchoolsOptions } from '../api/gen/@tanstack/react-query.gen';
import { useNamesByIds } from './use-names-by-ids';

/** Names for the school ids on a page, fetched in one list call by `ids`. */
export function useSchoolNames(ids: readonly (string | null | undefined)[]): Map<string, string> {
  return useNamesByIds(ids, (query) => listSchoolsOptions({ query }), (school) => school.name);
}
