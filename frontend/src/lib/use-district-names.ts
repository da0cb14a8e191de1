import { listDistrictsOptions } from '../api/gen/@tanstack/react-query.gen';
import { useNamesByIds } from './use-names-by-ids';

/** Names for the district ids on a page, fetched in one list call by `ids`. */
export function useDistrictNames(ids: readonly (string | null | undefined)[]): Map<string, string> {
  return useNamesByIds(ids, (query) => listDistrictsOptions({ query }), (district) => district.name);
}
