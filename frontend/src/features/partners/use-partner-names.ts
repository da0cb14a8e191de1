import { listPartnersOptions } from '../../api/gen/@tanstack/react-query.gen';
import { useNamesByIds } from '../../lib/use-names-by-ids';

/** Names for the partner ids on a page, fetched in one list call by `ids`. */
export function usePartnerNames(ids: readonly string[]): Map<string, string> {
  return useNamesByIds(ids, (query) => listPartnersOptions({ query }), (partner) => partner.name);
}
