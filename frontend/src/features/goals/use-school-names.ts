import { useQueries } from '@tanstack/react-query';

import { getSchoolOptions } from '../../api/gen/@tanstack/react-query.gen';

/** Names for the few schools on a page of goals (one cached request each). */
export function useSchoolNames(ids: readonly (string | null | undefined)[]): Map<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const results = useQueries({
    queries: unique.map((id) => ({ ...getSchoolOptions({ path: { school_id: id } }), staleTime: 5 * 60_000 })),
  });
  return new Map(unique.map((id, i) => [id, results[i].data?.name ?? '…']));
}
