import { useQuery } from '@tanstack/react-query';

import { listPartnersOptions } from '../../api/gen/@tanstack/react-query.gen';

/** Names for the partner ids on a page, fetched in one list call by `ids`. */
export function usePartnerNames(ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)].sort();
  const partners = useQuery({
    ...listPartnersOptions({ query: { ids: unique, limit: Math.max(unique.length, 1) } }),
    enabled: unique.length > 0,
    staleTime: 5 * 60_000,
  });
  const names = new Map((partners.data?.items ?? []).map((p) => [p.id, p.name]));
  return new Map(unique.map((id) => [id, names.get(id) ?? '…']));
}
