import { useQueries } from '@tanstack/react-query';

import { getPartnerOptions } from '../../api/gen/@tanstack/react-query.gen';

/** Names for a handful of partner ids (one cached request each). */
export function usePartnerNames(ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({ ...getPartnerOptions({ path: { partner_id: id } }), staleTime: 5 * 60_000 })),
  });
  return new Map(unique.map((id, i) => [id, results[i].data?.name ?? '…']));
}
