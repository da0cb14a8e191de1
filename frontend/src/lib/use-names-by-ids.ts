import { type QueryKey, useQuery, type UseQueryOptions } from '@tanstack/react-query';

export type IdsQuery = { ids: string[]; limit: number };

/**
 * Display names for the ids on a page, fetched in one list call by `ids` ('…' until they
 * arrive): a table of fifty rows asks once, not fifty times.
 */
export function useNamesByIds<T extends { id: string }, E, K extends QueryKey>(
  ids: readonly (string | null | undefined)[],
  listOptions: (query: IdsQuery) => UseQueryOptions<{ items: T[] }, E, { items: T[] }, K>,
  name: (item: T) => string,
): Map<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort();
  const listed = useQuery({
    ...listOptions({ ids: unique, limit: Math.max(unique.length, 1) }),
    enabled: unique.length > 0,
    staleTime: 5 * 60_000,
  });
  const names = new Map((listed.data?.items ?? []).map((item) => [item.id, name(item)]));
  return new Map(unique.map((id) => [id, names.get(id) ?? '…']));
}
